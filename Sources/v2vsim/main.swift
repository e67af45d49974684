print("v2vsim")
