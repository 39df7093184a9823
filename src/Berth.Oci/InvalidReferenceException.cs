// The error for an image reference that breaks Docker's reference grammar. The message names the rule it broke
// ("invalid reference \"App:1\": repository name must be lowercase"), so the CLI and the registry show it as is.
namespace Berth.Oci;

public sealed class InvalidReferenceException(string reference, string reason)
    : FormatException($"invalid reference \"{Shorten(reference)}\": {reason}")
{
    /// <summary>The text as it was given.</summary>
    public string Reference => reference;

    /// <summary>What is wrong with it, without the "invalid reference" prefix.</summary>
    public string Reason => reason;

    // A name can be far past the 255-character limit; the message only needs enough of it to be recognised.
    static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
