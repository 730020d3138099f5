import Numerics
import SightlineSignals

/// Renders a whole scene in memory, channels interleaved, in odd-sized blocks (so block
/// boundaries are exercised).
func renderAll(
    _ scene: Scene,
    seed: UInt64? = nil,
    block: Int = 7919
) throws -> (samples: [Complex<Float>], synth: SceneSynthesizer) {
    let synth = try SceneSynthesizer(scene: scene, seed: seed)
    var out = [Complex<Float>](repeating: .zero, count: synth.sampleCount * synth.channelCount)
    var done = 0
    out.withUnsafeMutableBufferPointer { buf in
        while !synth.isFinished {
            let end = min(buf.count, done + block * synth.channelCount)
            let n = synth.render(into: UnsafeMutableBufferPointer(rebasing: buf[done..<end]))
            done += n * synth.channelCount
        }
    }
    return (out, synth)
}

func yamlScene(_ text: String) throws -> Scene { try SceneFile.parse(text, path: "test.yaml") }

func meanPower(_ x: some Collection<Complex<Float>>) -> Double {
    x.reduce(0.0) { $0 + Double($1.lengthSquared) } / Double(x.count)
}
