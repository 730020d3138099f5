/// Scenes built into the toolkit, so that `sightline demo` runs with no files at hand.
public enum BuiltInScenes {
    /// `Signals/scenes/c4-railway-station.yaml`, verbatim (a test keeps the two identical).
    public static let railwayStation = #"""
        # C4 — "the phone call was about eight minutes; the SSD people later told me it was
        # foolish of me to use the phone for that long." Eun-mi was detected by agents waiting at
        # a railway station near her home.
        #
        # Stages: a stationary listener at the station (a wideband receiver on a 3 m mast, noise
        # figure 8 dB) 400 m from a house where a smuggled GSM 900 phone is in a call through a
        # Chinese mast 6 km away across the border. Power control drives the phone to its 33 dBm
        # maximum (the suburban Hata loss to the mast, about 144 dB, is far above what −85 dBm at
        # the mast allows at lower levels). The phone sends one normal burst per 4.615 ms TDMA
        # frame in timeslot 3 of ARFCN 62 (902.4 MHz uplink). Propagation phone → station: log-
        # distance, exponent 3 beyond 100 m (low antennas among houses; Rappaport Table 4.2), with
        # slow Rician fading. This is a quarter-second window of the call; the risk over its eight
        # minutes is the scenario engine's job.
        description: "C4: stationary listener at a railway station, 400 m from a GSM 900 call"
        sample_rate_hz: 2000000
        center_frequency_hz: 902400000
        duration_s: 0.25
        seed: 4
        receiver:
          position: {east_m: 0, north_m: 0, up_m: 3}
          noise_figure_db: 8
          antenna_gain_dbi: 2
        sources:
          - id: eun-mi-phone
            waveform: {type: gsm-uplink, arfcn: 62, timeslot: 3, training_sequence: 2}
            position: {east_m: 250, north_m: 312, up_m: 1.5}
            power_control:
              mast: {east_m: 0, north_m: 6400, up_m: 40}
              mast_antenna_gain_dbi: 15
              target_dbm: -85
              path_loss: {model: hata-suburban}
            start_s: 0.01
            stop_s: 0.25
            channel:
              path_loss: {model: log-distance, exponent: 3, reference_distance_m: 100}
              fading: {kind: rician, k_factor_db: 6, doppler_hz: 1}
              cfo_hz: 120

        """#
}
