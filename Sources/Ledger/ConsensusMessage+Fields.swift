extension ConsensusMessage {
    /// The height a message is about; nil for catch-up messages.
    public var height: UInt64? {
        switch self {
        case let .proposal(_, block, _, _): return block.header.height
        case let .prepare(height, _, _, _), let .commit(height, _, _, _), let .viewChange(height, _, _, _):
            return height
        case .syncRequest, .syncResponse: return nil
        }
    }

    /// The view a message belongs to; nil for catch-up messages.
    public var view: UInt64? {
        switch self {
        case let .proposal(view, _, _, _), let .prepare(_, view, _, _), let .commit(_, view, _, _):
            return view
        case let .viewChange(_, newView, _, _): return newView
        case .syncRequest, .syncResponse: return nil
        }
    }

    /// For catch-up messages, the first height asked for or sent (0 for an empty response); for
    /// the others, `height`.
    public var catchUpHeight: UInt64 {
        switch self {
        case let .syncRequest(fromHeight): return fromHeight
        case let .syncResponse(blocks): return blocks.first?.header.height ?? 0
        default: return self.height ?? 0
        }
    }
}
