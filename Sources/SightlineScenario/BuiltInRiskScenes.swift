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
          power_control:
            mast: {east_m: 0, north_m: 6400}
            model: hata-suburban
            target_dbm: -85
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
            search: {median_s: 90, spread: 0.5, failure_probability: 0.1}  # finding the door among the houses (assumption)
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
        tactics:
          - name: "farther: 1.5 km from the station"
            set: {call.position.east_m: 940, call.position.north_m: 1200}
          - name: "behind a 30 m ridge"
            set: {terrain.ridge.height_m: 30, terrain.ridge.distance_from_phone_m: 60}
          - name: "phone left on for an hour before the call"
            set: {call.on_before_call_s: 3600}

        """#
}
