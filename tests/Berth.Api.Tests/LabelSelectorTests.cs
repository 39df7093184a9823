// Label selectors parse and match like k8s.io/apimachinery/pkg/labels: equality, sets, existence.
namespace Berth.Api.Tests;

public class LabelSelectorTests
{
    static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (web,db)", true)]
    [InlineData("app notin (web,db)", false)]
    [InlineData("missing notin (a)", true)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!canary", true)]
    [InlineData("app=web,tier in (front, back),!canary", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("example.com/role=x", false)]
    public void Selector_matches_labels_like_kubernetes(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Web));

    [Theory]
    [InlineData("app=web=x")]
    [InlineData("app in web")]
    [InlineData("app within (a)")]
    [InlineData(",")]
    public void Malformed_selector_is_rejected_with_a_message(string selector) =>
        Assert.Throws<SelectorException>(() => LabelSelector.Parse(selector));
}
