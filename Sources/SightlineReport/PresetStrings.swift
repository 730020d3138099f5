import SightlineRF

/// The device presets' summaries and notes in Korean, for `report --lang ko`: the report's
/// "what was assumed" section lists every device a scene uses with its assumptions, and a
/// Korean reader must be able to read them too. Keyed by preset name; each entry has as many
/// notes as the preset, in the same order, with the same numbers (a test compares the
/// numbers of every note with its English original, so a preset whose numbers change cannot
/// keep a stale translation). A preset without an entry is shown in English.
public enum PresetStrings {
    public struct Entry: Sendable {
        public var summary: String
        public var notes: [String]
    }

    /// The preset's summary and notes in `language` (English: the preset's own).
    public static func text(of preset: DevicePreset, in language: ReportLanguage) -> (summary: String, notes: [String])
    {
        guard language == .ko, let k = korean[preset.name], k.notes.count == preset.notes.count else {
            return (preset.summary, preset.notes)
        }
        return (k.summary, k.notes)
    }

    public static let korean: [String: Entry] = [
        "handset": Entry(
            summary: "통화 중인 GSM 900 전력 등급 4 휴대전화 (몰래 들여온 중국 휴대전화)",
            notes: [
                """
                33 dBm: 전력 등급 4의 최대 출력 (3GPP TS 45.005 §4.1.1). 전력 제어로 낮아질 수 \
                있습니다 (C10)
                """,
                """
                안테나 이득 0 dBi, 몸에 의한 손실 3 dB: 3GPP TR 25.942 §4.1의 일반적인 \
                휴대전화 가정
                """,
                "1.5 m: 머리 옆에 대고 통화",
                "902.4 MHz: ARFCN 62 상향 링크, 200 kHz 채널",
            ]
        ),
        "chinese-mast": Entry(
            summary: "국경 건너편 중국의 GSM 900 기지국 (BCCH 하향 링크)",
            notes: [
                """
                반송파당 43 dBm (20 W), 15 dBi 섹터 안테나, 급전선 손실 3 dB: 흔한 대형 \
                기지국 (가정)
                """,
                "중국 쪽 강가에 선 40 m 높이의 철탑",
                "947.4 MHz: ARFCN 62 하향 링크",
                "국경 도시의 휴대전화까지는 교외 하타(Hata) 모델",
            ]
        ),
        "backpack": Entry(
            summary: "순찰할 때 메고 다니는 배낭형 광대역 수신기 (C1)",
            notes: [
                """
                잡음 지수 8 dB, 0 dBi 휩 안테나, 케이블과 몸에 의한 손실 2 dB: 휴대용 상용 \
                수신기 (가정)
                """,
                """
                200 kHz 채널로 나누어 GSM 버스트마다 한 번씩 봅니다 (546 µs, 시간-대역폭 \
                곱 ≈ 109)
                """,
                """
                한 번 볼 때마다 오경보 확률 1e-6에서 탐지 확률 0.9: 좀처럼 틀리지 않는 \
                '빨간 불' (가정)
                """,
                """
                ITU-R P.1411-12 §4.3.1 일반 지점 모델, 교외: 두 안테나 모두 낮은 집들 사이의 \
                거리 \
                높이, 가시선 거리를 벗어나면 거리가 열 배 늘 때마다 40 dB
                """,
            ]
        ),
        "handheld-df": Entry(
            summary: "손에 드는 '안테나 모양' 방향 탐지기 (애드콕, C1)",
            notes: [
                "잡음 지수 10 dB: 작은 다섯 채널 수신부 (가정)",
                "0 dBi 애드콕 소자, 손실 1 dB",
                "한 번 볼 때 버스트 하나, 오경보 확률 1e-6에서 탐지 확률 0.9",
                "ITU-R P.1411-12 §4.3.1 일반 지점 모델, 교외: 배낭형 수신기와 같음",
            ]
        ),
        "fixed-post": Entry(
            summary: "높은 곳에 있는 고정 감시 초소 (혜산 병원의 방, C5)",
            notes: [
                "15 m: 위층 창문 (가정)",
                "도시를 향한 8 dBi 대수 주기 안테나, 케이블 손실 2 dB (가정)",
                "잡음 지수 5 dB: 전치 증폭기를 단, 전원에 연결된 수신기 (가정)",
                "한 번 볼 때 버스트 8개 (37 ms)를 모으고, 오경보 확률 1e-6에서 탐지 확률 0.9",
                """
                지붕보다 9 m 높은 곳에서 거리까지 COST 231 발피슈-이케가미(Walfisch–Ikegami) \
                모델, \
                단층·이층 집들의 도시 (지붕 6 m, 건물 줄 간격 25 m, 거리 폭 12 m; 가정)
                """,
            ]
        ),
        "border-jammer": Entry(
            summary: "GSM 900 하향 링크 대역 전체를 막는 국경 전파 방해기 (C6)",
            notes: [
                """
                935–960 MHz (25 MHz)에 걸친 잡음, ERP 50 dBm (100 W): 중간 크기의 광대역 방해기 \
                (가정)
                """,
                "도시 안의 20 m 높이 철탑",
                """
                지붕보다 14 m 높은 곳에서 거리의 휴대전화까지 COST 231 \
                발피슈-이케가미(Walfisch–Ikegami) 모델
                """,
            ]
        ),
        "city-jammer": Entry(
            summary: "외국 TV를 막는 도시의 방송 전파 방해기 (평양, C8)",
            notes: [
                "UHF TV 채널 하나 (6 MHz)에 걸친 잡음, ERP 60 dBm (1 kW) (가정)",
                "150 m: 도시 안의 방송탑 (가정)",
                "지붕 위 TV 안테나까지는 교외 하타(Hata) 모델",
            ]
        ),
        "handset-receiver": Entry(
            summary: "중국 하향 링크를 받는 수신기로서의 휴대전화 (C6, C7의 피해자)",
            notes: [
                """
                잡음 지수 9 dB: GSM 휴대전화 수신기 (3GPP TS 45.005의 기준 감도 −102 dBm으로 \
                보면 약 8–10 dB)
                """,
                "안테나 이득 0 dBi, 몸에 의한 손실 3 dB (3GPP TR 25.942 §4.1)",
                "통화를 유지하려면 C/I 9 dB가 필요합니다 (TS 45.005 §6.3)",
            ]
        ),
        "tv-broadcast": Entry(
            summary: "멀리 있는 외국 TV 송신소 (C8에서 보려는 신호)",
            notes: [
                "300 m 높이의 송신소에서 ERP 80 dBm (100 kW) (가정: 큰 UHF 방송국)",
                """
                지평선 너머에서는 자유 공간 모델이 낙관적입니다. 측정한 세기가 \
                있으면 --signal-dbm으로 넣으십시오
                """,
            ]
        ),
        "tv-receiver": Entry(
            summary: "지붕 안테나를 단 가정용 TV (C8의 피해자)",
            notes: [
                """
                10 dBi 지붕 야기 안테나, 케이블 손실 3 dB, 잡음 지수 7 dB (가정, ITU-R \
                BT.1368의 계획값도 비슷함)
                """,
                """
                아날로그 PAL/NTSC 화면에는 C/(N+I) 15 dB가 필요합니다 (ITU-R BT.655: 겨우 볼 \
                만한 화면에 약 15 dB)
                """,
            ]
        ),
    ]
}
