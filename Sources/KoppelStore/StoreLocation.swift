import Foundation

/// Where the database and the master key live, shared by every koppel program: the
/// `--database` / `--master-key` options, else `KOPPEL_DATABASE` / `KOPPEL_MASTER_KEY`, else the
/// system paths.
public enum StoreLocation {
    public static var defaultDatabasePath: String {
        ProcessInfo.processInfo.environment["KOPPEL_DATABASE"] ?? "/var/lib/koppel/koppel.sqlite"
    }

    public static var defaultMasterKeyPath: String {
        ProcessInfo.processInfo.environment["KOPPEL_MASTER_KEY"] ?? "/etc/koppel/master.key"
    }
}
