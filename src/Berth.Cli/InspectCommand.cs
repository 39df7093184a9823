// `berth inspect`: a container's or an image's details as JSON, for scripts (`| jq .State.ExitCode`).
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Oci;

namespace Berth.Cli;

static class InspectCommand
{
    public static Command Create()
    {
        var targets = new Argument<string[]>("targets") { Description = "Containers (name or ID) or images", Arity = ArgumentArity.OneOrMore };
        var inspect = new Command("inspect", "Show containers or images as JSON") { targets };
        inspect.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            var results = new JsonArray();
            foreach (var target in parse.GetValue(targets)!)
            {
                var containers = await host.Containers.ListAsync(ct);
                if (containers.FirstOrDefault(c => c.Name == target || c.Id == target || (target.Length >= 4 && c.Id.StartsWith(target))) is { } c)
                {
                    results.Add(new JsonObject
                    {
                        ["Id"] = c.Id, ["Name"] = c.Name, ["Image"] = c.Image, ["ImageId"] = c.ImageId,
                        ["Command"] = new JsonArray(c.Command.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
                        ["Created"] = c.Created,
                        ["State"] = new JsonObject
                        {
                            ["Status"] = c.Status.ToString().ToLowerInvariant(), ["Pid"] = c.Pid, ["ExitCode"] = c.ExitCode,
                            ["OOMKilled"] = c.OomKilled, ["StartedAt"] = c.Started, ["FinishedAt"] = c.Finished,
                        },
                        ["LogPath"] = host.Containers.LogPath(c.Id),
                    });
                    continue;
                }
                var image = await host.Images.GetAsync(ImageReference.Parse(target), ct);
                results.Add(new JsonObject
                {
                    ["Id"] = image.Id.ToString(), ["RepoTags"] = new JsonArray(JsonValue.Create(image.Name.Familiar)),
                    ["Digest"] = image.ManifestDigest.ToString(), ["Created"] = image.Created, ["Size"] = image.Size,
                    ["Config"] = JsonNode.Parse(JsonSerializer.Serialize(image.Config, OciJsonContext.Default.ImageConfig)),
                    ["Layers"] = new JsonArray(image.Manifest.Layers.Select(l => (JsonNode)JsonValue.Create(l.Digest.ToString())!).ToArray()),
                });
            }
            Console.WriteLine(results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return inspect;
    }
}
