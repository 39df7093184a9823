// Field selectors: `=`, `==`, `!=`, comma meaning AND; missing fields compare as the empty string.
namespace Berth.Api.Tests;

public class FieldSelectorTests
{
    static string? Pod(string field) => field switch
    {
        "metadata.name" => "web",
        "status.phase" => "Running",
        "spec.nodeName" => "",
        _ => null,
    };

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name==web", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("spec.nodeName=n1,status.phase!=Succeeded", false)]
    [InlineData("spec.nodeName=,status.phase!=Succeeded,status.phase!=Failed", true)]
    public void Field_selector_requires_every_clause(string selector, bool matches) =>
        Assert.Equal(matches, FieldSelector.Parse(selector).Matches(Pod));

    [Fact]
    public void Clause_without_operator_is_rejected() =>
        Assert.Throws<SelectorException>(() => FieldSelector.Parse("metadata.name"));
}
