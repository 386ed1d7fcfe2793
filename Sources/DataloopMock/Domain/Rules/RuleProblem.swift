/// A rule's refusal as text, without throwing: what a page shows next to an action it
/// disables. The rule itself decides (this runs it), so the page and the API can never differ.
public enum RuleProblem {
    /// The message of the `DomainError` the check throws, or nil when the check passes.
    public static func of(_ check: () throws(DomainError) -> Void) -> String? {
        do {
            try check()
            return nil
        } catch {
            return error.message
        }
    }
}
