import SimKernel
import V2X

extension SecurityConfig {
    /// Decodes `security`; an absent section is full verification with the C2C-CC defaults.
    static func decode(_ field: SourceField?, context: inout DecodeContext) -> SecurityConfig {
        var security = SecurityConfig()
        guard let field, var reader = MappingReader(field, context: &context) else { return security }
        if let field = reader.optional("verify"), let mode = context.choice(field, as: VerificationMode.self) {
            security.verify = mode
        }
        if let field = reader.optional("freshness"), let time = context.time(field, .positive(max: .seconds(60))) {
            security.freshness = time
        }
        if let field = reader.optional("future_tolerance"),
            let time = context.time(field, .nonNegative(max: .seconds(10)))
        {
            security.futureTolerance = time
        }
        if let field = reader.optional("queue"), let capacity = context.integer(field, in: 1...1_000_000) {
            security.queueCapacity = capacity
        }
        if let field = reader.optional("pseudonym_change"), let time = context.time(field, .nonNegative(max: .seconds(86_400))) {
            security.pseudonymPeriod = time == .zero ? nil : time
        }
        if let field = reader.optional("certificate_lifetime"), let time = context.time(field, .positive(max: .seconds(31_536_000))) {
            security.certificateLifetime = time
        }
        if let field = reader.optional("denm_validity"), let time = context.time(field, .positive(max: .seconds(86_400))) {
            security.denmValidity = time
        }
        if let field = reader.optional("p2p_certificates"), let enabled = context.boolean(field) {
            security.p2p.enabled = enabled
        }
        if let field = reader.optional("p2p_max_requests"),
            let count = context.integer(field, in: 1...SignedEnvelope.maximumRequests)
        {
            security.p2p.maxRequestsPerMessage = count
        }
        if let field = reader.optional("p2p_request_repeat"), let time = context.time(field, .positive(max: .seconds(10))) {
            security.p2p.requestRepeat = time
        }
        if let field = reader.optional("p2p_answer_interval"),
            let time = context.time(field, .nonNegative(max: .seconds(10)))
        {
            security.p2p.answerInterval = time
        }
        if let field = reader.optional("p2p_hold"), let enabled = context.boolean(field) {
            security.p2p.hold = enabled
        }
        if let field = reader.optional("p2p_hold_limit"), let count = context.integer(field, in: 1...1_024) {
            security.p2p.holdLimit = count
        }
        if let field = reader.optional("p2p_hold_time"), let time = context.time(field, .positive(max: .seconds(60))) {
            security.p2p.holdTime = time
        }
        if let field = reader.optional("p2p_neighbour_answers"), let enabled = context.boolean(field) {
            security.p2p.neighbourAnswers = enabled
        }
        if let field = reader.optional("detection") {
            security.detection = DetectionConfig.decode(field, context: &context)
        }
        if let field = reader.optional("costs"), var costs = MappingReader(field, context: &context) {
            if let field = costs.optional("sign"), let time = context.time(field, .nonNegative(max: .seconds(1))) {
                security.signCost = time
            }
            if let field = costs.optional("verify"), let time = context.time(field, .nonNegative(max: .seconds(1))) {
                security.verifyCost = time
            }
            costs.finish(context: &context)
        }
        reader.finish(context: &context)
        return security
    }
}
