// The only C header v2vsim sees: libsodium, wrapped by V2VCrypto alone.
#include <sodium.h>
