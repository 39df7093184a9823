// A here-document attached to RUN, COPY or ADD (<<EOF ... EOF). Content is the lines as written, terminators
// included; Body applies <<- tab stripping. A quoted delimiter (<<"EOF") turns Expand off.
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed partial record Heredoc(string Name, int FileDescriptor, bool Expand, bool Chomp, string Content)
{
    /// <summary>The text the instruction uses: with &lt;&lt;- every line's leading tabs are removed.</summary>
    public string Body => Chomp ? LeadingTabs().Replace(Content, "") : Content;

    [GeneratedRegex(@"^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();
}
