/// How emails and org names are compared: case-insensitively, by their lowercased text.
enum CaseInsensitiveKey {
    /// `text.lowercased()`. A 100k-user fixture looks up about 700,000 emails on load, almost
    /// all already lowercase ASCII; such a string is its own key and is returned without the
    /// copy `lowercased()` makes (`FixtureLoadingTests` checks the two agree).
    static func of(_ text: String) -> String {
        for byte in text.utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) { return text.lowercased() }
        return text
    }
}
