// Strategic merge patch directives as kubectl apply writes them: merge keys, $patch, $retainKeys,
// $setElementOrder, $deleteFromPrimitiveList, and null deleting a field.
using System.Text.Json.Nodes;
using Berth.ApiServer.Patch;

namespace Berth.ApiServer.Tests.Patch;

public class StrategicMergePatchTests
{
    static string Apply(string target, string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)!.AsObject()).ToJsonString();

    [Fact]
    public void Ports_merge_by_container_port_and_other_lists_are_replaced() =>
        Assert.Equal("""{"ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],"args":["b"]}""",
            Apply("""{"ports":[{"containerPort":80}],"args":["a"]}""", """{"ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],"args":["b"]}"""));

    [Fact]
    public void Retain_keys_drops_fields_the_patch_does_not_keep() =>
        Assert.Equal("""{"strategy":{"type":"Recreate"}}""",
            Apply("""{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}""", """{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}"""));

    [Fact]
    public void Patch_replace_replaces_the_whole_map() =>
        Assert.Equal("""{"selector":{"b":"2"}}""", Apply("""{"selector":{"a":"1"}}""", """{"selector":{"$patch":"replace","b":"2"}}"""));

    [Fact]
    public void Delete_from_primitive_list_removes_only_those_values() =>
        Assert.Equal("""{"finalizers":["a","c"]}""", Apply("""{"finalizers":["a","b","c"]}""", """{"$deleteFromPrimitiveList/finalizers":["b"]}"""));

    [Fact]
    public void Null_deletes_a_field_and_new_list_items_lose_their_directives() =>
        Assert.Equal("""{"containers":[{"name":"a"},{"name":"b","image":"x"}]}""",
            Apply("""{"containers":[{"name":"a","image":"old"}]}""", """{"containers":[{"name":"a","image":null},{"name":"b","image":"x","$setElementOrder/env":[]}]}"""));
}
