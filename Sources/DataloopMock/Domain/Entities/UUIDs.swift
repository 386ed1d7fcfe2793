import Foundation

/// Fresh ids for entities created through the API (fixture entities get deterministic ids).
public enum UUIDs {
    public static func random() -> String { UUID().uuidString.lowercased() }
}
