import Sightline

extension SightlineError {
    /// The one line the error should render to, composed from its pieces as written:
    /// `location: field: message; fix`. `description` flattens any line break it finds, so
    /// `description == expectedLine` holds only when no piece carried one (nothing was
    /// flattened) and the pieces are all there, in order.
    public var expectedLine: String {
        location + (field.map { ": \($0)" } ?? "") + ": " + message + (fix.map { "; \($0)" } ?? "")
    }
}
