/// The version of Sightline, as `sightline --version` prints it and result manifests record it.
public enum SightlineVersion {
    public static let current = "0.1.0"
}
