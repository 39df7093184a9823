// A word the shell lexer cannot process: an unmatched quote, a bad ${...} form, or a ${VAR:?message} whose variable
// is unset. The message is BuildKit's ("failed to process \"${A:?}\": A: is not allowed to be unset").
namespace Berth.Build;

public sealed class ShellExpansionException(string word, string reason)
    : FormatException($"failed to process {GoText.Quote(word)}: {reason}")
{
    public string Word => word;
    public string Reason => reason;
}
