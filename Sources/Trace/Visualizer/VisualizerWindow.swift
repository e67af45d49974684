import SimKernel

extension VisualizerIndex {
    /// Messages generated this long before a window's start come with it, so that "heard in the last
    /// second" and the neighbour table are complete at the window's first frame.
    static let messageLookback: Int64 = 1_000_000_000

    /// Checks a requested window [from, to] in seconds: finite, ordered, not longer than the limit.
    /// - Throws: ``VisualizerError`` (`.badRequest`) naming the problem.
    public func checkWindow(from: Double, to: Double, maxSeconds: Double? = nil) throws(VisualizerError) {
        let maxSeconds = maxSeconds ?? self.limits.windowSeconds
        guard from.isFinite, to.isFinite else { throw VisualizerError(.badRequest, "from and to must be finite numbers of seconds") }
        guard from <= to else { throw VisualizerError(.badRequest, "from (\(from)) must not be after to (\(to))") }
        guard to - from <= maxSeconds else {
            throw VisualizerError(.badRequest, "window of \(to - from) s is longer than the limit of \(maxSeconds) s")
        }
        guard abs(from) < 1e9, abs(to) < 1e9 else { throw VisualizerError(.badRequest, "from and to must be within ±1e9 s") }
    }

    /// The window JSON (`format: v2vsim-window`, docs/visualizer.md) for FCD frames in [from, to]
    /// seconds (plus the frame before and after, to interpolate), the messages generated in
    /// [from - 1 s, to] and their receptions.
    ///
    /// When the messages have more receptions than `receptionBudget`, only every k-th message keeps
    /// its receptions (`receptions_sampled_every: k`), except that `vehicle`'s are always complete:
    /// the receptions of the messages it sent and every reception it made.
    /// - Throws: ``VisualizerError``: `.badRequest` for a bad span; `.tooLarge` for more than
    ///   `maxReceptions` receptions when sampling is not allowed (`receptionBudget` nil).
    public func windowJSON(
        from: Double, to: Double, maxReceptions: Int? = nil, maxSeconds: Double? = nil,
        receptionBudget: Int? = nil, vehicle: UInt32? = nil
    ) throws(VisualizerError) -> String {
        try self.checkWindow(from: from, to: to, maxSeconds: maxSeconds)
        let fromNs = Int64((from * 1e9).rounded()), toNs = Int64((to * 1e9).rounded())
        // FCD frames.
        var firstFrame = Self.lowerBound(self.fcdTimes, fromNs)
        if firstFrame > 0 && (firstFrame == self.fcdTimes.count || self.fcdTimes[firstFrame] > fromNs) { firstFrame -= 1 }
        var endFrame = Self.upperBound(self.fcdTimes, toNs)
        if endFrame < self.fcdTimes.count && (endFrame == 0 || self.fcdTimes[endFrame - 1] < toNs) { endFrame += 1 }
        endFrame = max(endFrame, firstFrame)
        // Messages and their receptions.
        let firstMessage = Self.lowerBound(self.msgGenerated, fromNs - Self.messageLookback)
        let endMessage = max(firstMessage, Self.upperBound(self.msgGenerated, toNs))
        let receptions = self.recOffsets[endMessage] - self.recOffsets[firstMessage]
        var every = 1
        if let budget = receptionBudget {
            if receptions > budget { every = (receptions + max(1, budget) - 1) / max(1, budget) }
        } else {
            let cap = maxReceptions ?? self.limits.windowReceptions
            guard receptions <= cap else {
                throw VisualizerError(.tooLarge, "window \(from)–\(to) s holds \(receptions) receptions, more than the limit of \(cap); ask for a shorter window")
            }
        }
        let samples = self.fcdOffsets[endFrame] - self.fcdOffsets[firstFrame]
        guard samples <= self.limits.pageFCDSamples else {
            throw VisualizerError(.tooLarge, "window \(from)–\(to) s holds \(samples) FCD samples, more than the limit of \(self.limits.pageFCDSamples); ask for a shorter window")
        }
        var json = JSONText(capacity: 64 + samples * 40 + (endMessage - firstMessage) * 90 + min(receptions, receptionBudget ?? receptions) * 26)
        json.raw("{"); json.key("format"); json.string("v2vsim-window")
        json.raw(","); json.key("version"); json.int(1)
        json.raw(","); json.key("from"); json.fixed(from, 3)
        json.raw(","); json.key("to"); json.fixed(to, 3)
        json.raw(","); json.key("receptions_sampled_every"); json.int(every)
        json.raw(","); json.key("complete_for_vehicle")
        if let vehicle, every > 1 { json.int(vehicle) } else { json.raw("null") }
        self.writeFCD(frames: firstFrame..<endFrame, to: &json)
        self.writeMessages(firstMessage..<endMessage, every: every, vehicle: vehicle, to: &json)
        json.raw("}\n")
        return json.text
    }

    /// FCD samples, messages and receptions that ``windowJSON(from:to:maxReceptions:maxSeconds:)`` would write.
    public func windowCounts(from: Double, to: Double) -> (fcd: Int, messages: Int, receptions: Int) {
        let fromNs = Int64((from * 1e9).rounded()), toNs = Int64((to * 1e9).rounded())
        let f0 = max(0, Self.lowerBound(self.fcdTimes, fromNs) - 1)
        let f1 = min(self.fcdTimes.count, Self.upperBound(self.fcdTimes, toNs) + 1)
        let m0 = Self.lowerBound(self.msgGenerated, fromNs - Self.messageLookback)
        let m1 = max(m0, Self.upperBound(self.msgGenerated, toNs))
        return (self.fcdOffsets[max(f0, f1)] - self.fcdOffsets[f0], m1 - m0, self.recOffsets[m1] - self.recOffsets[m0])
    }

    private func writeFCD(frames: Range<Int>, to json: inout JSONText) {
        let samples = self.fcdOffsets[frames.lowerBound]..<self.fcdOffsets[frames.upperBound]
        json.raw(",\n"); json.key("fcd"); json.raw("{")
        json.key("times"); json.fixeds(frames.map { Double(self.fcdTimes[$0]) / 1e9 }, 3)
        json.raw(","); json.key("offsets"); json.ints(frames.map { self.fcdOffsets[$0] - samples.lowerBound } + [samples.count])
        json.raw(",\n"); json.key("id"); json.ints(self.fcdID[samples])
        json.raw(",\n"); json.key("x"); json.fixeds(self.fcdX[samples].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("y"); json.fixeds(self.fcdY[samples].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("angle"); json.fixeds(self.fcdAngle[samples].lazy.map(Double.init), 1)
        json.raw(",\n"); json.key("speed"); json.fixeds(self.fcdSpeed[samples].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("lane"); json.ints(self.fcdLane[samples])
        json.raw("}")
    }

    private func writeMessages(_ messages: Range<Int>, every: Int, vehicle: UInt32?, to json: inout JSONText) {
        // Pseudonyms as a window-local table, in first-use order.
        var local = LabelTable()
        let pseudonym = messages.map { local.code(self.pseudonyms[Int(self.msgPseudonym[$0])]) }
        func times(_ column: [Int64]) -> LazyMapSequence<ArraySlice<Int64>, Double> {
            column[messages].lazy.map { Double($0) / 1e9 }
        }
        json.raw(",\n"); json.key("labels"); json.raw("{")
        json.key("type"); json.strings(self.typeLabels)
        json.raw(","); json.key("attacker"); json.strings(self.attackerLabels)
        json.raw(","); json.key("outcome"); json.strings(self.outcomeLabels)
        json.raw(","); json.key("signer"); json.strings(["digest", "certificate"])
        json.raw(","); json.key("receiver_kind"); json.strings(["vehicle", "rsu"])
        json.raw(","); json.key("pseudonym"); json.strings(local.labels)
        json.raw("}")
        json.raw(",\n"); json.key("messages"); json.raw("{")
        json.key("id"); json.ints(self.msgID[messages])
        json.raw(",\n"); json.key("sender"); json.ints(self.msgSender[messages])
        json.raw(",\n"); json.key("type"); json.ints(self.msgType[messages])
        json.raw(",\n"); json.key("pseudonym"); json.ints(pseudonym)
        json.raw(",\n"); json.key("signer"); json.ints(self.msgSignerKind[messages].lazy.map { Int($0 == 255 ? -1 : Int($0)) })
        json.raw(",\n"); json.key("t_generated"); json.fixeds(times(self.msgGenerated), 6)
        json.raw(",\n"); json.key("t_signed"); json.fixeds(times(self.msgSigned), 6)
        json.raw(",\n"); json.key("t_tx_start"); json.fixeds(times(self.msgTxStart), 6)
        json.raw(",\n"); json.key("t_tx_end"); json.fixeds(times(self.msgTxEnd), 6)
        json.raw(",\n"); json.key("size"); json.ints(self.msgSize[messages])
        json.raw(",\n"); json.key("attacker"); json.ints(self.msgAttacker[messages])
        json.raw(",\n"); json.key("claim_x"); json.fixeds(self.msgClaimX[messages].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("claim_y"); json.fixeds(self.msgClaimY[messages].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("claim_speed"); json.fixeds(self.msgClaimSpeed[messages].lazy.map(Double.init), 2)
        json.raw(",\n"); json.key("claim_heading"); json.fixeds(self.msgClaimHeading[messages].lazy.map(Double.init), 1)
        // The reception rows written: all of them, or a sample plus `vehicle`'s.
        var rows: [Int] = []
        var rxOffsets: [Int] = [0]
        rxOffsets.reserveCapacity(messages.count + 1)
        for i in messages {
            let all = self.recOffsets[i]..<self.recOffsets[i + 1]
            if every == 1 || (i - messages.lowerBound) % every == 0 || self.msgSender[i] == vehicle {
                rows.append(contentsOf: all)
            } else if let vehicle {
                for q in all where self.recKind[q] == 0 && self.recReceiver[q] == vehicle { rows.append(q) }
            }
            rxOffsets.append(rows.count)
        }
        json.raw(",\n"); json.key("rx_offsets"); json.ints(rxOffsets)
        json.raw("}")
        json.raw(",\n"); json.key("receptions"); json.raw("{")
        json.key("kind"); json.ints(rows.lazy.map { self.recKind[$0] })
        json.raw(",\n"); json.key("receiver"); json.ints(rows.lazy.map { self.recReceiver[$0] })
        json.raw(",\n"); json.key("delay_us"); json.ints(rows.lazy.map { self.recDelayMicros[$0] })
        json.raw(",\n"); json.key("distance"); json.fixeds(rows.lazy.map { Double(self.recDistance[$0]) }, 1)
        json.raw(",\n"); json.key("outcome"); json.ints(rows.lazy.map { self.recOutcome[$0] })
        json.raw(",\n"); json.key("latency_us"); json.ints(rows.lazy.map { self.recLatencyMicros[$0] })
        json.raw(",\n"); json.key("acted"); json.ints(rows.lazy.map { self.recActed[$0] ? 1 : 0 })
        json.raw("}")
    }

    static func lowerBound(_ a: [Int64], _ v: Int64) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func upperBound(_ a: [Int64], _ v: Int64) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
