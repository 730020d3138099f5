import Foundation
import SightlineCore
import SightlineRF
import SightlineTestSupport
import Testing

@Suite struct TerrainTests {
    static let f = 900e6
    static var lambda: Double { SpeedOfLight.metersPerSecond / f }

    /// Earth bulge d₁d₂/(2ka) and Fresnel radius √(λd₁d₂/d): at the middle of 10 km,
    /// k = 4/3: 1.471 m and 28.86 m at 900 MHz.
    @Test func bulgeAndFresnel() {
        let p = TerrainPath(
            profile: .flat(lengthMeters: 10_000),
            txHeightMeters: 30,
            rxHeightMeters: 30,
            frequencyHz: Self.f
        )
        #expect(abs(p.earthBulge(at: 5000) - 5000 * 5000 / (2 * 4.0 / 3.0 * 6_371_000)) < 1e-9)
        #expect(abs(p.earthBulge(at: 5000) - 1.4715) < 1e-3)
        #expect(abs(p.fresnelRadius(at: 5000) - (Self.lambda * 2500).squareRoot()) < 1e-9)
        #expect(abs(p.fresnelRadius(at: 5000) - 28.86) < 0.01)
        #expect(p.isLineOfSight && p.diffractionLossDB(.deygout) == 0 && p.diffractionLossDB(.bullington) == 0)
    }

    /// The radio horizon over smooth earth: √(2kah₁) + √(2kah₂). Just inside it the path is
    /// in sight; beyond it the bulge blocks the ray and diffraction loss appears.
    @Test func smoothEarthHorizon() {
        let h1 = 30.0
        let h2 = 10.0
        let ka = 4.0 / 3.0 * 6_371_000
        let horizon = (2 * ka * h1).squareRoot() + (2 * ka * h2).squareRoot()
        let inside = TerrainPath(
            profile: .flat(lengthMeters: 0.9 * horizon, stepMeters: 100),
            txHeightMeters: h1,
            rxHeightMeters: h2,
            frequencyHz: Self.f
        )
        let beyond = TerrainPath(
            profile: .flat(lengthMeters: 1.1 * horizon, stepMeters: 100),
            txHeightMeters: h1,
            rxHeightMeters: h2,
            frequencyHz: Self.f
        )
        #expect(inside.fresnelClearance > -0.05)
        #expect(!beyond.isLineOfSight)
        #expect(beyond.diffractionLossDB(.deygout) > 6 && beyond.diffractionLossDB(.bullington) > 6)
    }

    /// A single sharp ridge is a knife edge: Bullington and Deygout both give J(v) with v
    /// from the geometry (P.526 eq. (26)), with earth curvature switched off (k → ∞).
    /// Antennas at 60 m and 40 m keep the flat ground far out of the Fresnel zone, so the
    /// ridge is the only edge that diffracts.
    @Test(arguments: [-10.0, 0, 15, 60])
    func singleRidgeIsAKnifeEdge(excess: Double) {
        let d = 8000.0
        let at = 3000.0
        let htx = 60.0
        let hrx = 40.0
        let lineAtRidge = htx + (hrx - htx) * at / d
        let profile = ElevationProfile.ridge(
            lengthMeters: d,
            atMeters: at,
            heightMeters: lineAtRidge + excess,
            widthMeters: 0,
            stepMeters: 200
        )
        let path = TerrainPath(
            profile: profile,
            txHeightMeters: htx,
            rxHeightMeters: hrx,
            frequencyHz: Self.f,
            kFactor: 1e12
        )
        let v = KnifeEdge.parameter(heightMeters: excess, d1Meters: at, d2Meters: d - at, wavelengthMeters: Self.lambda)
        let expected = KnifeEdge.lossDB(v: v)
        #expect(abs(path.bullingtonLossDB - expected) < 1e-6, "Bullington \(path.bullingtonLossDB) vs \(expected)")
        #expect(abs(path.deygoutLossDB - expected) < 1e-6, "Deygout \(path.deygoutLossDB) vs \(expected)")
        #expect(path.isLineOfSight == (excess < 0))
    }

    /// Two ridges cost more than either alone under Deygout (secondary edge plus the
    /// correction), and a valley between the ends never adds loss.
    @Test func multipleEdgesAndValleys() {
        let one = ElevationProfile.ridge(
            lengthMeters: 10_000,
            atMeters: 4000,
            heightMeters: 60,
            widthMeters: 0,
            stepMeters: 100
        )
        var two = one
        two.distancesMeters.append(7000)
        two.elevationsMeters.append(45)
        let order = two.distancesMeters.indices.sorted { two.distancesMeters[$0] < two.distancesMeters[$1] }
        two = ElevationProfile(
            distancesMeters: order.map { two.distancesMeters[$0] },
            elevationsMeters: order.map { two.elevationsMeters[$0] }
        )
        let p1 = TerrainPath(profile: one, txHeightMeters: 10, rxHeightMeters: 10, frequencyHz: Self.f)
        let p2 = TerrainPath(profile: two, txHeightMeters: 10, rxHeightMeters: 10, frequencyHz: Self.f)
        #expect(p2.deygoutLossDB > p1.deygoutLossDB + 1)
        let valley = TerrainPath(
            profile: .valley(lengthMeters: 5000, atMeters: 2500, depthMeters: 200, widthMeters: 3000),
            txHeightMeters: 10,
            rxHeightMeters: 10,
            frequencyHz: Self.f
        )
        #expect(valley.isLineOfSight && valley.deygoutLossDB == 0)
    }

    /// A ridge between phone and receiver shortens the detection range.
    @Test func ridgeShortensRange() throws {
        let flat = PropagationPath(
            model: .fspl,
            frequencyHz: Self.f,
            txHeightMeters: 1.5,
            rxHeightMeters: 15,
            terrain: .flat(lengthMeters: 20_000, stepMeters: 50)
        )
        let ridge = PropagationPath(
            model: .fspl,
            frequencyHz: Self.f,
            txHeightMeters: 1.5,
            rxHeightMeters: 15,
            terrain: .ridge(lengthMeters: 20_000, atMeters: 500, heightMeters: 40, widthMeters: 300)
        )
        func range(_ p: PropagationPath) throws -> Double {
            try RangeSolver.largestDistance(domain: p.distanceDomainMeters, allowedLossDB: 125) {
                try p.lossDB(distanceMeters: $0)
            }
            .distanceMeters ?? 0
        }
        #expect(try range(ridge) < 0.5 * (try range(flat)))
    }

    @Test func profileCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("p.csv")
        try "distance_m,elevation_m\n0,100\n500,180\n1000,120\n".write(to: good, atomically: true, encoding: .utf8)
        let p = try ElevationProfile.readCSV(path: good.path)
        #expect(p.lengthMeters == 1000 && p.elevation(at: 250) == 140)
        for (text, mentions) in [
            ("distance,height\n0,1\n", "p2.csv:1"), ("distance_m,elevation_m\n0,1\n5,x\n", "p2.csv:3"),
            ("distance_m,elevation_m\n0,1\n10,2\n5,3\n", "p2.csv:4"),
            ("distance_m,elevation_m\n3,1\n9,1\n", "first at distance 0"),
        ] {
            let bad = dir.appendingPathComponent("p2.csv")
            try text.write(to: bad, atomically: true, encoding: .utf8)
            do {
                _ = try ElevationProfile.readCSV(path: bad.path)
                Issue.record("expected an error")
            } catch let e as SightlineError {
                #expect(e.description.contains(mentions), "\(e)")
            }
        }
    }

    /// SRTM: a synthetic 3″ tile (big-endian, rows north → south) reads back bilinearly;
    /// a tile of the wrong size and a missing tile are clear errors.
    @Test func srtmTiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 1201
        var bytes = [UInt8](repeating: 0, count: n * n * 2)
        for r in 0..<n {
            for c in 0..<n {
                let h = UInt16(bitPattern: Int16(100 + c - r))  // rises east, falls south
                bytes[2 * (r * n + c)] = UInt8(h >> 8)
                bytes[2 * (r * n + c) + 1] = UInt8(h & 0xFF)
            }
        }
        try Data(bytes).write(to: dir.appendingPathComponent("N41E128.hgt"))
        let tile = try SRTMTile(path: dir.appendingPathComponent("N41E128.hgt").path)
        #expect(tile.samplesPerSide == 1201 && tile.southWestLatitude == 41 && tile.southWestLongitude == 128)
        // North-west corner: row 0, col 0 → 100; half a cell east and south → 100 + 0.5 − 0.5.
        #expect(abs(try #require(tile.elevation(latitude: 42, longitude: 128)) - 100) < 1e-9)
        #expect(abs(try #require(tile.elevation(latitude: 42 - 0.5 / 1200, longitude: 128 + 0.5 / 1200)) - 100) < 1e-9)
        #expect(abs(try #require(tile.elevation(latitude: 41.5, longitude: 128.25)) - (100 + 300 - 600)) < 1e-6)
        let terrain = try SRTMTerrain(folder: dir.path)
        let profile = try terrain.profile(from: (41.5, 128.2), to: (41.5, 128.3))
        #expect(abs(profile.lengthMeters - 0.1 * .pi / 180 * 6_371_000 * cos(41.5 * .pi / 180)) < 1)
        #expect(profile.elevationsMeters.last! > profile.elevationsMeters.first!)
        try Data(count: 1000).write(to: dir.appendingPathComponent("N40E128.hgt"))
        #expect(throws: SightlineError.self) { try SRTMTile(path: dir.appendingPathComponent("N40E128.hgt").path) }
        #expect(throws: SightlineError.self) { try terrain.elevation(latitude: 43.5, longitude: 128.5) }
        #expect(SRTMTile.name(latitude: -0.5, longitude: -70.2) == "S01W071.hgt")
    }
}
