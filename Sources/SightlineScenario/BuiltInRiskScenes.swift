/// Timed scenes built into the toolkit, so that `sightline demo` can end in a risk report
/// with no files at hand.
public enum BuiltInRiskScenes {
    /// `Signals/scenes/c4-railway-station-risk.yaml`, verbatim (a test keeps the two identical).
    public static let railwayStation = #"""
        # C4, over time — "the phone call was about eight minutes; the SSD people later told me it
        # was foolish of me to use the phone for that long." Eun-mi was detected by agents waiting
        # at a railway station near her home.
        #
        # Assumptions (every device number is a preset; see Signals/presets/README.md):
        # - the phone is in a house 400 m from the station, in a call through a Chinese mast
        #   6.4 km away across the border; power control drives it to its 33 dBm maximum;
        # - the agents at the station listen with a wideband receiver (the backpack preset) without
        #   pause; when it first hears the phone, one agent sets off with the hand-held direction
        #   finder after a minute to get ready, takes a bearing every 10 s and walks along it at
        #   1.4 m/s; the phone is "reached" when the agent is within 20 m (the door);
        # - 6 dB log-normal shadowing, Rayleigh fading with 1 Hz Doppler (people moving around
        #   a stationary phone), the phone switched on just for the call.
        name: "C4: railway station, 400 m"
        description: >
          A smuggled phone in a house 400 m from a railway station where agents listen. When they
          hear it, one walks towards the signal with a hand-held direction finder.
        seed: 4
        # Field direction finding: a railway station in a town — the dense multipath (3GPP TR 38.901
        # UMa, measured at the IQ level: README "Over a whole call").
        environment: dense
        frequency_mhz: 902.4
        call:
          position: {east_m: 250, north_m: 312}
          losses_db: 3               # head and hand (the handset preset's; its range is sampled below)
          power_control:
            mast: {east_m: 0, north_m: 6400}
            model: hata-suburban
            shadowing_db: 8            # the mast path's shadowing, answered by power control (5.5 dB in
                                       #   ITU-R P.1546, 10 dB in 3GPP TR 25.942's macro cells)
            target_dbm: -85
          # Realistic handset behaviour (issue 21): the call's set-up goes out at MS_TXPWR_MAX_CCH
          # before power control takes over (TS 45.008 §4.7; RACH + SDCCH take a few seconds);
          # uplink DTX with ITU-T P.59 speech (operators switch it on in the cell options,
          # TS 44.018 §10.5.2.3); the phone is in a house of traditional construction (ITU-R P.2109,
          # its loss drawn per call: 5.7 / 14.2 / 25.1 dB at 10 / 50 / 90 % at 902 MHz).
          setup_s: 3
          dtx: {}
          indoors: {building: traditional}
        propagation:
          shadowing_db: 6
          fading: rayleigh
          doppler_hz: 1
        observers:
          - name: station
            kind: stationary
            device: backpack
            position: {east_m: 0, north_m: 0}
            height_m: 3
            noise_figure_db: 8         # the backpack preset's values, written out so that the
            antenna_gain_dbi: 0        #   assumptions below can sample the preset's ranges
          - name: agent
            kind: homing
            device: handheld-df
            dispatched_by: station
            reaction_s: 60             # median dispatch delay (assumption: a minute to get ready) …
            reaction_spread: 0.5       # … varying by e^±0.5 (36–99 s at one σ; assumption)
            speed_mps: 1.4
            speed_spread: 0.15         # walking speeds 1.2–1.6 m/s (Knoblauch et al. 1996: means 1.25–1.51 m/s)
            street_grid_deg: 0         # on the town's street grid, not as the crow flies (detour 1.27 on average)
            look_interval_s: 10
            stop_m: 20
            search: {median_s: 90, spread: 0.5, failure_probability: 0.1}  # finding the door among the houses \#
        (assumption)
            # The dense environment's multipath for a moving receiver, written out so that the
            # assumptions below can vary it:
            geometric_site_error_deg: 2.6
            fluctuation_deg: 7.2
            look_reflection_probability: 0.3
        located_within_m: 100
        # What nobody outside the security service knows, with a plausible range each
        # (`sightline risk … --assumptions sample`, `sightline sensitivity …`):
        assumptions:
          - name: dispatch delay
            path: observers.1.reaction_s
            lognormal: {median: 60, spread: 0.7}
            source: "assumption: a minute to get ready; 19 s – 3 min at 5–95 %"
          - name: walking speed
            path: observers.1.speed_mps
            uniform: [1.1, 1.7]
            source: "Knoblauch et al. 1996: mean walking speeds 1.25–1.51 m/s; slower while taking bearings"
          - name: door search time
            path: observers.1.search.median_s
            lognormal: {median: 90, spread: 0.7}
            source: "assumption: close-range DF or signal strength through walls among a few houses"
          - name: door search failure
            path: observers.1.search.failure_probability
            uniform: [0, 0.3]
            source: "assumption"
          - name: look interval
            path: observers.1.look_interval_s
            uniform: [5, 20]
            source: "assumption: a bearing every 5–20 s while walking"
          - name: stop distance
            path: observers.1.stop_m
            uniform: [10, 40]
            source: "assumption: how close the signal must lead before the door search"
          - name: shadowing
            path: propagation.shadowing_db
            triangular: [4, 6, 10]
            source: "ITU-R P.1546 / P.1411 location variability: 5.5–8 dB; street level may be more"
          - name: station receiver height
            path: observers.0.height_m
            uniform: [1.5, 10]
            source: "assumption: on the platform to an upper floor of the station"
          - name: handset power control target
            path: call.power_control.target_dbm
            uniform: [-95, -75]
            source: "TS 45.008 RXLEV targets are operator settings; -85 dBm nominal"
          - name: geometric site error
            path: observers.1.geometric_site_error_deg
            uniform: [1, 5]
            source: "IQ level 2.6° (TR 38.901 UMa); CRFS 3–5° RMS for rooftop sensors"
          - name: multipath fluctuation
            path: observers.1.fluctuation_deg
            uniform: [3, 10]
            source: "IQ level 7.2°; K-factor σ 3.5 dB in TR 38.901"
          - name: reflection looks
            path: observers.1.look_reflection_probability
            uniform: [0.05, 0.4]
            source: "IQ level 0.30; depends on the assumed obstruction chance"
          - name: handset body loss
            path: call.losses_db
            preset_range: true
            source: "the handset preset's range (sightline presets)"
          - name: station receiver noise figure
            path: observers.0.noise_figure_db
            preset_range: true
            source: "the backpack preset's range (sightline presets)"
          - name: station antenna gain
            path: observers.0.antenna_gain_dbi
            preset_range: true
            source: "the backpack preset's range (sightline presets)"
        # What the scene stages, in words, for the report (sightline report; --lang ko for Korean).
        story:
          claim: C4
          key_duration_s: 480
          title: "C4: the eight-minute call"
          testimony: >-
            The phone call was about eight minutes; the SSD people later told me it was foolish of
            me to use the phone for that long.
          source: "Eun-mi, in Amnesty International, Connection Denied (2016)"
          narrative: >-
            Eun-mi called from her house near a railway station where State Security agents were
            waiting, and was detected during a call of about eight minutes. How likely was that, and
            how much would a shorter call, more distance, a ridge or a phone kept off have changed it?
          people:
            - "Eun-mi, who makes the call from her house"
            - "State Security agents listening at the station with a wideband receiver"
            - "one agent, who walks towards the signal with a hand-held direction finder"
          places:
            - "a house 400 m from the railway station"
            - "the station, where the agents listen"
            - "the Chinese mast 6.4 km away across the border that carries the call"
          network: "a Chinese mast across the border"
          precautions: >-
            People on the border keep calls short, go up into the hills or behind them, move away
            from where the listeners are, and keep the phone switched off until they call (C9).
          ko:
            title: "C4: 8분 동안의 통화"
            description: >-
              기차역에서 400 m 떨어진 집에 몰래 들여온 휴대전화가 있고, 역에서는 \#
        요원들이 전파를
              듣고 있습니다. 신호가 들리면 요원 한 명이 휴대용 방향 탐지기를 들고 \#
        신호를 따라 걸어옵니다.
            testimony: >-
              통화는 8분쯤 했습니다. 나중에 보위부 사람들이 그렇게 오래 전화를 쓴 것은 \#
        어리석었다고
              말했습니다.
            source: "은미, 국제앰네스티 『Connection Denied(연결 차단)』 (2016), 한국어는 번역"
            narrative: >-
              은미 씨는 보위부 요원들이 기다리던 기차역 근처의 집에서 전화를 걸었고, \#
        8분쯤 통화하는 동안
              탐지되었습니다. 그럴 가능성은 얼마나 되었을까요? 통화를 더 짧게 하거나, \#
        더 멀리 가거나,
              능선 뒤로 가거나, 휴대전화를 꺼 두었다면 얼마나 달라졌을까요?
            people:
              - "집에서 전화를 거는 은미 씨"
              - "역에서 광대역 수신기로 전파를 듣는 보위부 요원들"
              - "휴대용 방향 탐지기를 들고 신호를 따라 걷는 요원 한 명"
            places:
              - "기차역에서 400 m 떨어진 집"
              - "요원들이 전파를 듣는 기차역"
              - "통화를 이어 주는, 국경 너머 6.4 km 떨어진 중국 기지국"
            network: "국경 너머의 중국 기지국"
            precautions: >-
              국경 지역 사람들은 통화를 짧게 하고, 산에 오르거나 산 뒤로 가고, 감시하는 \#
        사람들이 있는
              곳에서 멀어지고, 전화를 걸 때까지 휴대전화를 꺼 둡니다 (C9).
            tactics:
              "farther: 1.5 km from the station": "더 멀리: 역에서 1.5 km"
              "behind a 30 m ridge": "30 m 높이 능선 뒤"
              "phone left on for an hour before the call": "통화 한 시간 전부터 켜 둔 휴대전화"
        tactics:
          - name: "farther: 1.5 km from the station"
            set: {call.position.east_m: 940, call.position.north_m: 1200}
          - name: "behind a 30 m ridge"
            set: {terrain.ridge.height_m: 30, terrain.ridge.distance_from_phone_m: 60}
          - name: "phone left on for an hour before the call"
            set: {call.on_before_call_s: 3600}

        """#
}
