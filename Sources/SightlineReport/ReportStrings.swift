import Foundation

/// The language a risk report is written in.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case en, ko
}

/// Every user-visible string of the risk report, in English and Korean: one case per
/// string, with `{0}`, `{1}`, … where values go. Scene-specific words are not here — they
/// come from the scene's `story:` — nor are the device presets' descriptions and sources,
/// which are quoted as published. `ReportStringsTests` checks that every entry has a Korean
/// form and that a Korean report contains none of the English.
public enum ReportString: String, Sendable, CaseIterable {
    case documentTitle, percentOver99, percentUnder1, seconds, minutes
    case curvesTitle, callDurationAxis, probabilityAxis, seriesDetected, seriesLocated, seriesAgent
    case doorTitle, doorAxis, doorShareAxis, p10, median, p90
    case tacticTitle, planTitle, phone, loop, startsHere, jammer
    case tableCall, tableDetected, tableInterval, tableLocatedWithin, tableMisled, tableAgent
    case tacticsAt, tacticsPower, tacticsJammed, tableLocated, thePhone
    case jammedKey, keyHeading, keyDetected, keyLocated, keyAgent, keyShort, keyFix, keyArrival
    case storyHeading, testimony, source, people, places
    case curvesHeading, doorHeading, doorExplanation, tacticsHeading, tacticsGeneric
    case assumedHeading, phoneAt, fixedPower, powerControl, bursts, onBefore, onlyForCall
    case noFading, rayleigh, rician, propagation, ridge
    case listensFrom, patrols, setsOff, listensThen, homing, multiSensor, scans, medianSNR
    case devicesHeading, devicesQuoted
    case computedHeading, computedIntro, computedModel, computedFixes, reproduce
    case summaryHeading, summaryAt, summaryInterval, summaryBand, summaryNoBand, summaryDepends, summaryRead
    case assumeDevices, assumePropagation, assumeSite, assumeAgent, assumeSearch, assumeScan
    case envOpen, envSuburban, envDense
    case bandLabel, bandNote
    case tornadoHeading, tornadoNote, tornadoLow, tornadoHigh, tornadoNominal, tornadoTitle
    case outcomeDetected, outcomeLocated, outcomeAgent

    /// The English and Korean forms.
    public var entry: (en: String, ko: String) {
        switch self {
        case .documentTitle: ("{0} — Sightline risk report", "{0} — Sightline 위험 보고서")
        case .percentOver99: ("over 99 %", "99 % 이상")
        case .percentUnder1: ("under 1 %", "1 % 미만")
        case .seconds: ("{0} s", "{0}초")
        case .minutes: ("{0} min", "{0}분")
        case .curvesTitle: ("{0}: the odds against call length", "{0}: 통화 길이에 따른 확률")
        case .callDurationAxis: ("call duration (minutes)", "통화 시간 (분)")
        case .probabilityAxis: ("probability", "확률")
        case .seriesDetected: ("detected", "탐지됨")
        case .seriesLocated: ("located within {0} m", "{0} m 이내로 위치 파악")
        case .seriesAgent: ("agent at the door", "요원이 문 앞에 도착")
        case .doorTitle:
            (
                "{0}: when the agent reached the door ({1} of {2} calls)",
                "{0}: 요원이 문 앞에 도착한 시각 (통화 {2}회 중 {1}회)"
            )
        case .doorAxis: ("time from the start of the call (minutes)", "통화 시작부터 지난 시간 (분)")
        case .doorShareAxis: ("share of calls per 30 s", "30초 구간별 통화 비율")
        case .p10: ("p10 {0}", "10 % 지점 {0}")
        case .median: ("median {0}", "중앙값 {0}")
        case .p90: ("p90 {0}", "90 % 지점 {0}")
        case .tacticTitle: ("Each tactic: P({0})", "대책별 확률: {0}")
        case .planTitle: ("The scene from above", "위에서 내려다본 장면")
        case .phone: ("phone", "휴대전화")
        case .loop: ("{0} (loop)", "{0} (순찰 경로)")
        case .startsHere: ("{0} (starts here)", "{0} (출발 지점)")
        case .jammer: ("jammer", "전파 방해기")
        case .tableCall: ("call", "통화 길이")
        case .tableDetected: ("P(detected)", "탐지 확률")
        case .tableInterval: ("95 % interval", "95 % 구간")
        case .tableLocatedWithin: ("P(located ≤ {0} m)", "{0} m 이내 위치 파악 확률")
        case .tableMisled: ("P(misled: a wrong fix declared)", "오판 확률 (틀린 위치를 확정)")
        case .tableAgent: ("P(agent at door)", "요원 도착 확률")
        case .tacticsAt: ("at {0}", "{0} 통화 기준")
        case .tacticsPower: ("handset power", "휴대전화 송신 출력")
        case .tacticsJammed: ("no call (jammed)", "통화 불가 (전파 방해)")
        case .tableLocated: ("P(located)", "위치 파악 확률")
        case .thePhone: ("the phone", "휴대전화")
        case .jammedKey:
            (
                """
                In this scene the jammers hold the downlink{0} below what a handset needs ({1} dB against 9 dB): \
                the call cannot be made here at all, so there is nothing to detect.
                """,
                """
                이 장면에서는 전파 방해기가 하향 링크{0} 신호를 휴대전화에 필요한 수준 \
                아래로 누릅니다 ({1} dB, 필요한 값은 9 dB). 여기서는 통화 자체가 되지 \
                않으므로 탐지될 \
                것도 없습니다.
                """
            )
        case .keyHeading: ("What the numbers say.", "수치가 보여 주는 것.")
        case .keyDetected:
            (
                "In {0} simulated calls of {1}, the phone was detected in {2} of them.",
                "{1} 동안의 모의 통화 {0}회 가운데 {2}에서 휴대전화가 탐지되었습니다."
            )
        case .keyLocated:
            (
                "Its position was fixed to within {0} m in {1}.",
                "{1}에서는 위치가 {0} m 이내로 파악되었습니다."
            )
        case .keyAgent:
            (
                "An agent following the signal reached the door in {0}.",
                "{0}에서는 신호를 따라간 요원이 문 앞까지 왔습니다."
            )
        case .keyShort:
            (
                "A call of {0} gives {1} detected, {2} located and {3} reached.",
                "{0} 통화라면 탐지 {1}, 위치 파악 {2}, 요원 도착 {3}입니다."
            )
        case .keyFix:
            (
                "When a fix came, it came after {0} (median; 1 in 10 within {1}).",
                "위치가 파악된 경우 걸린 시간은 중앙값 {0}입니다 (10번 중 1번은 {1} 이내)."
            )
        case .keyArrival:
            (
                "An agent who got to the door took {0} from the start of the call (median).",
                "문 앞에 도착한 요원이 걸린 시간은 통화 시작부터 중앙값 {0}입니다."
            )
        case .storyHeading: ("What this scene stages", "이 장면이 재현하는 것")
        case .testimony: ("Testimony", "증언")
        case .source: ("Source: {0}", "출처: {0}")
        case .people: ("People", "사람")
        case .places: ("Places", "장소")
        case .curvesHeading:
            (
                "How the odds grow with the length of the call",
                "통화가 길어질수록 확률이 어떻게 커지는가"
            )
        case .doorHeading: ("When the agent reaches the door", "요원이 문 앞에 도착하는 시각")
        case .doorExplanation:
            (
                """
                The spread comes from what is not known: how soon the agent sets off, how fast he walks, the \
                streets he must take and how long he needs to find the right door.
                """,
                """
                시각이 넓게 퍼지는 것은 알 수 없는 것들 때문입니다. 요원이 얼마나 빨리 \
                출발하는지, 얼마나 빨리 걷는지, 어느 길로 가야 하는지, 맞는 집 문을 찾는 \
                데 얼마나 걸리는지에 \
                따라 달라집니다.
                """
            )
        case .tacticsHeading: ("What each precaution changes", "각 대책이 무엇을 바꾸는가")
        case .tacticsGeneric:
            (
                "The same scene, changed one way at a time.",
                "같은 장면에서 한 번에 한 가지만 바꾸었습니다."
            )
        case .assumedHeading: ("What was assumed", "무엇을 가정했는가")
        case .phoneAt:
            (
                "The phone is at ({0}, {1}) m east/north, {2} m up.",
                "휴대전화는 동쪽 {0} m, 북쪽 {1} m, 높이 {2} m에 있습니다."
            )
        case .fixedPower: ("It transmits at a fixed {0} dBm.", "고정 출력 {0} dBm으로 송신합니다.")
        case .powerControl:
            (
                """
                Its serving mast{0} is {1} km away; GSM power control (2 dB steps, aimed at {2} dBm at the mast, \
                {3} path loss) sets it to {4} dBm.
                """,
                """
                연결된 기지국{0}까지의 거리는 {1} km입니다. GSM 전력 제어(2 dB 단위, \
                기지국에서 {2} dBm을 목표로 함, {3} 경로 손실)가 송신 출력을 {4} \
                dBm으로 맞춥니다.
                """
            )
        case .bursts:
            (
                "During the call it sends one burst every 4.615 ms TDMA frame (3GPP TS 45.002).",
                "통화 중에는 4.615 ms TDMA 프레임마다 버스트를 하나씩 보냅니다 (3GPP TS 45.002)."
            )
        case .onBefore:
            (
                """
                It is switched on {0} min before the call: it registers at power-on and every {1} min (location \
                updates, {2} bursts each).
                """,
                """
                통화 {0}분 전부터 켜져 있습니다. 켤 때와 {1}분마다 망에 등록합니다 \
                (위치 갱신, 매번 버스트 {2}개).
                """
            )
        case .onlyForCall: ("It is switched on only to make the call.", "통화할 때만 켭니다.")
        case .noFading: ("no fading", "페이딩 없음")
        case .rayleigh: ("Rayleigh fading", "레일리 페이딩")
        case .rician: ("Rician fading (K = {0} dB)", "라이스 페이딩 (K = {0} dB)")
        case .propagation:
            (
                "Every path has {0} dB log-normal shadowing and {1} with {2} Hz Doppler (a new fade every {3} s).",
                "모든 경로: 로그정규 음영 {0} dB, {1}, 도플러 {2} Hz ({3}초마다 새로운 페이딩)."
            )
        case .ridge:
            (
                """
                A ridge rises {0} m above the line of sight, {1} m from the phone (knife-edge diffraction, ITU-R \
                P.526).
                """,
                """
                휴대전화에서 {1} m 떨어진 곳에 가시선보다 {0} m 높은 능선이 있습니다 \
                (나이프 에지 회절, ITU-R P.526).
                """
            )
        case .listensFrom:
            (
                "listens from ({0}, {1}) m, {2} m up",
                "동쪽 {0} m, 북쪽 {1} m, 높이 {2} m에서 수신합니다"
            )
        case .patrols:
            (
                "patrols a {0}-point loop at {1} m/s",
                "지점 {0}개로 이루어진 순찰 경로를 초속 {1} m로 돕니다"
            )
        case .setsOff:
            (
                "sets off {1} s after {0} first hears the phone, ",
                "{0} 쪽에서 휴대전화 신호를 처음 들은 뒤 {1}초 후에 출발하여 "
            )
        case .listensThen:
            (
                "listens and, once it hears the phone, ",
                "수신하다가 휴대전화 신호를 들으면 "
            )
        case .homing:
            (
                "takes a bearing every {0} s and walks along it at {1} m/s; at the door within {2} m",
                """
                {0}초마다 방위를 재고 그 방향으로 초속 {1} m로 걷습니다. {2} m 안으로 \
                들어오면 문 앞에 도착한 것으로 봅니다
                """
            )
        case .multiSensor:
            (
                """
                {0} direction-finding sensors whose bearings are fused into a fix
                """, "방향 탐지 센서 {0}대의 방위를 합쳐 위치를 구합니다"
            )
        case .scans:
            (
                "; scans, listening {0} s in every {1} s",
                "; 여러 채널을 돌아가며 {1}초마다 {0}초씩 듣습니다"
            )
        case .medianSNR: (" (median SNR of a burst {0} dB)", " (버스트 신호 대 잡음비 중앙값 {0} dB)")
        case .devicesHeading: ("Devices (every number and its source)", "장비 (모든 수치와 그 출처)")
        case .devicesQuoted:
            (
                "Each device is described as its preset gives it.",
                "장비마다 프리셋에 적힌 설명과 출처를 그대로 옮겼습니다."
            )
        case .computedHeading: ("How this was computed", "어떻게 계산했는가")
        case .computedIntro:
            (
                """
                Each of the {0} calls is simulated with its own random shadowing, fading and (for patrols) \
                starting point. Whether a burst is heard, and how far off a bearing is, are drawn from what \
                Sightline's own detector and direction finder do on synthesized radio samples at that \
                signal-to-noise ratio (the {1} level): 
                """,
                """
                통화 {0}회는 각각 무작위로 정한 음영, 페이딩, (순찰의 경우) 출발점으로 \
                모의실험합니다. 버스트가 들리는지, 방위가 얼마나 어긋나는지는 그 신호 \
                대 잡음비에서 합성한 \
                전파 표본에 Sightline의 탐지기와 방향 탐지기를 실제로 적용한 결과({1} \
                수준)에서 뽑습니다. 
                """
            )
        case .computedModel:
            (
                """
                the detector hears half of the bursts at {0} dB SNR; the hand-held direction finder's bearings \
                are off by {1}° (RMS) at 10 dB. 
                """,
                """
                탐지기는 신호 대 잡음비 {0} dB에서 버스트의 절반을 듣고, 휴대용 방향 \
                탐지기의 방위 오차는 10 dB에서 {1}°(RMS)입니다. 
                """
            )
        case .computedFixes:
            (
                """
                Fixes use the maximum-likelihood intersection of all bearings so far. The ranges in brackets are \
                95 % (Wilson) intervals.
                """,
                """
                위치는 그때까지의 모든 방위를 최대우도법으로 교차시켜 구합니다. \
                괄호 안의 범위는 95 % (윌슨) 구간입니다.
                """
            )
        case .reproduce:
            (
                """
                Reproduce: {0} (seed {1}). Sightline simulates and analyses only; it never transmits and never \
                decodes communications.
                """,
                """
                재현 명령: {0} (시드 {1}). Sightline은 모의실험과 분석만 합니다. 전파를 \
                내보내지 않으며 통신 내용을 해독하지도 않습니다.
                """
            )
        case .summaryHeading:
            (
                "In plain words, and how sure we are",
                "쉽게 말하면, 그리고 얼마나 확실한가"
            )
        case .summaryAt:
            (
                """
                For a call of {0}, the simulation gives: detected {1} (Monte Carlo interval {2} – {3}), located \
                {4}, agent at the door {5}.
                """,
                """
                {0} 통화에 대한 모의실험 결과: 탐지 {1} (몬테카를로 구간 {2} – {3}), 위치 \
                파악 {4}, 요원 도착 {5}.
                """
            )
        case .summaryInterval:
            (
                """
                That interval only covers the luck of the simulated calls. The inputs are assumptions, not \
                measurements: {0}. Nobody outside the surveillance services knows them well, and another \
                plausible value can move the answer much more than the interval shows.
                """,
                """
                이 구간은 모의 통화의 우연한 차이만 나타냅니다. 입력값은 측정값이 \
                아니라 가정입니다: {0}. 감시 기관 밖에서는 누구도 이 값들을 정확히 알지 \
                못하며, 그럴듯한 다른 값을 \
                넣으면 결과가 이 구간보다 훨씬 크게 달라질 수 있습니다.
                """
            )
        case .summaryBand:
            (
                """
                Letting those assumptions vary over their ranges, the chance of being detected in a call of {0} \
                lies between {1} and {2} (5th to 95th percentile).
                """,
                """
                이 가정들을 가능한 범위 안에서 바꾸어 보면, {0} 통화에서 탐지될 \
                확률은 {1}에서 {2} 사이입니다 (5–95 백분위).
                """
            )
        case .summaryNoBand:
            (
                """
                This report uses one value for each assumption; with assumption ranges it would also show how far \
                the answer can move.
                """,
                """
                이 보고서는 가정마다 값을 하나만 썼습니다. 가정의 범위를 주면 결과가 \
                얼마나 달라질 수 있는지도 함께 보여 줍니다.
                """
            )
        case .summaryDepends: ("The answer depends most on: {0}.", "결과를 가장 크게 좌우하는 가정: {0}.")
        case .summaryRead:
            (
                "Read the figures as rough sizes of the risk, not as precise odds.",
                "수치는 정확한 확률이 아니라 위험의 대략적인 크기로 읽어 주십시오."
            )
        case .assumeDevices:
            (
                "the devices' noise figures, antenna gains and body loss (presets {0})",
                "장비의 잡음 지수, 안테나 이득, 인체 손실 (프리셋 {0})"
            )
        case .assumePropagation:
            (
                "the shadowing ({0} dB) and the path loss to the mast ({1})",
                "음영 ({0} dB)과 기지국까지의 경로 손실 ({1})"
            )
        case .assumeSite: ("the direction-finding errors of {0}", "{0}의 방향 탐지 오차")
        case .assumeAgent:
            (
                "how soon {0} sets off ({1} s median) and how fast it walks ({2} m/s)",
                "{0}의 출발 지연 (중앙값 {1}초)과 걷는 속도 (초속 {2} m)"
            )
        case .assumeSearch:
            (
                "how long finding the door takes ({0} s median)",
                "문을 찾는 데 걸리는 시간 (중앙값 {0}초)"
            )
        case .assumeScan: ("how {0} scans ({1} s in every {2} s)", "{0}의 채널 순환 방식 ({2}초마다 {1}초)")
        case .envOpen: ("open ground", "트인 지형")
        case .envSuburban: ("a suburb", "교외")
        case .envDense: ("a dense town", "건물이 빽빽한 시가지")
        case .bandLabel:
            (
                "{0}: 5th–95th percentile over the assumptions",
                "{0}: 가정에 따른 5–95 백분위 범위"
            )
        case .bandNote:
            (
                """
                The shaded bands show how far each curve moves when the assumptions vary over their ranges (5th \
                to 95th percentile across assumption sets).
                """,
                """
                색칠한 띠는 가정을 범위 안에서 바꿀 때 각 곡선이 얼마나 움직이는지를 \
                보여 줍니다 (가정 조합에 걸친 5–95 백분위).
                """
            )
        case .tornadoHeading: ("What the answer depends on most", "결과가 가장 크게 좌우되는 가정")
        case .tornadoNote:
            (
                """
                Each bar moves one assumption from its low to its high value, the others held at their nominal \
                values: the chance of being {0} in a call of {1}. The longest bars matter most.
                """,
                """
                막대마다 다른 가정은 기준값에 두고 한 가정만 낮은 값에서 높은 값으로 \
                바꾸었습니다. {1} 통화에서 {0} 확률을 나타냅니다. 막대가 길수록 중요한 \
                가정입니다.
                """
            )
        case .tornadoLow: ("low value", "낮은 값")
        case .tornadoHigh: ("high value", "높은 값")
        case .tornadoNominal: ("nominal {0}", "기준값 {0}")
        case .tornadoTitle:
            (
                "P({0}) at {1}, one assumption at a time",
                "{1} 통화의 {0} 확률, 한 번에 가정 하나씩"
            )
        case .outcomeDetected: ("detected", "탐지될")
        case .outcomeLocated: ("located", "위치가 파악될")
        case .outcomeAgent: ("reached by an agent", "요원이 도착할")
        }
    }

    /// The form in `language` with `{0}`, `{1}`, … replaced by `args`.
    public func text(_ language: ReportLanguage, _ args: String...) -> String { text(language, args: args) }

    /// The form in `language` with `{0}`, `{1}`, … replaced by `args`.
    public func text(_ language: ReportLanguage, args: [String]) -> String {
        var s = language == .ko ? entry.ko : entry.en
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: a) }
        return s
    }
}
