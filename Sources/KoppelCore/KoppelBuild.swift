/// Which koppel this is, for a problem report's bundle. There are no releases yet: the number
/// changes with the first one.
public enum KoppelBuild {
    public static let version = "0.1.0-dev"
}
