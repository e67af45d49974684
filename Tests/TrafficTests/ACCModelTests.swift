import Foundation
import Testing
@testable import Traffic

/// The ACC model (IDM blended with the constant-acceleration heuristic, Kesting, Treiber, Helbing
/// 2010) behind `IDMParameters.coolness`, against the published formulas evaluated here by hand.
@Suite("ACC model (coolness)")
struct ACCModelTests {
    /// IDM's acceleration, written out independently of the model's code.
    static func idm(_ p: IDMParameters, v: Double, s: Double, vl: Double) -> Double {
        let sStar = p.minimumGap + max(0, v * p.timeHeadway + v * (v - vl) / (2 * (p.maxAcceleration * p.comfortableDeceleration).squareRoot()))
        return p.maxAcceleration * (1 - Foundation.pow(v / p.desiredSpeed, p.accelerationExponent) - (sStar / s) * (sStar / s))
    }

    @Test("coolness 0 is plain IDM")
    func zeroIsIDM() {
        let p = IDMParameters()
        for (v, s, vl) in [(30.0, 20.0, 35.0), (30.0, 100.0, 0.0), (20.0, 45.0, 20.0), (33.0, 8.0, 25.0)] {
            let a = IntelligentDriverModel.acceleration(parameters: p, speed: v, gap: s, leaderSpeed: vl)
            #expect(abs(a - Self.idm(p, v: v, s: s, vl: vl)) < 1e-12)
        }
    }

    @Test("a faster car cutting in 5 m ahead: IDM brakes hard, ACC at most about b")
    func calmAtCutIn() {
        var p = IDMParameters()
        let idm = IntelligentDriverModel.acceleration(parameters: p, speed: 30, gap: 5, leaderSpeed: 31)
        #expect(idm < -9)
        p.coolness = 0.99
        let acc = IntelligentDriverModel.acceleration(parameters: p, speed: 30, gap: 5, leaderSpeed: 31)
        // a_CAH = 0 (the leader is faster): (1 − c)·a_IDM + c·b·tanh(a_IDM/b).
        let expected = 0.01 * idm + 0.99 * 1.5 * tanh(idm / 1.5)
        #expect(abs(acc - expected) < 1e-12)
        #expect(acc > -1.7 && acc < -1.4)
    }

    @Test("approaching a standing obstacle, ACC brakes no less than kinematics needs")
    func standingObstacle() {
        var p = IDMParameters()
        p.coolness = 0.8
        let v = 30.0, s = 100.0
        let idm = Self.idm(p, v: v, s: s, vl: 0)
        let cah = -(v * v) / (2 * s)  // −4.5 m/s²: stops exactly at the obstacle
        let acc = IntelligentDriverModel.acceleration(parameters: p, speed: v, gap: s, leaderSpeed: 0)
        #expect(abs(acc - (0.2 * idm + 0.8 * (cah + 1.5 * tanh((idm - cah) / 1.5)))) < 1e-12)
        #expect(acc < cah && acc > idm)
    }

    @Test("where IDM brakes less than the heuristic, ACC is IDM")
    func gentleFollowing() {
        var p = IDMParameters()
        p.coolness = 0.99
        // Far behind a slightly slower leader: IDM's gentle braking is above a_CAH.
        let a = IntelligentDriverModel.acceleration(parameters: p, speed: 30, gap: 150, leaderSpeed: 29)
        #expect(abs(a - Self.idm(p, v: 30, s: 150, vl: 29)) < 1e-12)
    }

    @Test("IDM parameters round-trip through Codable with and without coolness")
    func coding() throws {
        #expect(try JSONDecoder().decode(IDMParameters.self, from: JSONEncoder().encode(IDMParameters())) == IDMParameters())
        var p = IDMParameters()
        p.coolness = 0.8
        #expect(try JSONDecoder().decode(IDMParameters.self, from: JSONEncoder().encode(p)) == p)
    }
}
