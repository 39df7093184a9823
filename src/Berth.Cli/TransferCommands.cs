// `berth pull`, `berth push`, `berth tag` and `berth rmi`: images between the local store and registries.
using System.CommandLine;
using Berth.Distribution;
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Cli;

static class TransferCommands
{
    public static readonly Option<string[]> InsecureRegistries = new("--insecure-registry")
    {
        Description = "Registry (host[:port]) to reach over plain HTTP; localhost and 127.0.0.1 always are",
        Recursive = true,
    };

    public static ImageTransfer Transfer(ParseResult parse, ImageStore store) => new(store, new RegistryClientOptions
    {
        InsecureRegistries = parse.GetValue(InsecureRegistries) ?? [],
        Credentials = AuthFile.FromEnvironment(),
    });

    public static async Task<ImageRecord> PullAsync(ParseResult parse, ImageStore store, ImageReference reference, CancellationToken ct)
    {
        var image = await TransferProgressView.RunAsync($"Pulling {reference.Familiar}",
            progress => Transfer(parse, store).PullAsync(reference, progress, ct));
        Console.Error.WriteLine($"Pulled {reference.Familiar} ({image.ManifestDigest})");
        return image;
    }

    public static IEnumerable<Command> Create() => [Pull(), Push(), Tag(), Rmi()];

    static Command Pull()
    {
        var image = new Argument<string>("image") { Description = "NAME:VERSION or NAME@DIGEST" };
        var pull = new Command("pull", "Pull an image from a registry into the local store") { image };
        pull.SetAction(async (parse, ct) =>
        {
            await PullAsync(parse, Host.From(parse).Images, Cli.ParseImage(parse.GetValue(image)!), ct);
            return 0;
        });
        return pull;
    }

    static Command Push()
    {
        var image = new Argument<string>("image") { Description = "NAME:VERSION in the local store" };
        var push = new Command("push", "Push an image from the local store to its registry") { image };
        push.SetAction(async (parse, ct) =>
        {
            var reference = Cli.ParseImage(parse.GetValue(image)!);
            if (!reference.TagWasImplicit && reference.Tag == "latest")
                Console.Error.WriteLine("warning: pushing \"latest\": deployments should name explicit versions (v1.2.3)");
            var store = Host.From(parse).Images;
            var result = await TransferProgressView.RunAsync($"Pushing {reference.Familiar}",
                progress => Transfer(parse, store).PushAsync(reference, reference, progress, ct));
            Console.WriteLine($"{reference.Familiar}: digest: {result.Digest} ({result.BlobsUploaded} uploaded, {result.BlobsMounted} mounted, {result.BlobsSkipped} already there)");
            return 0;
        });
        return push;
    }

    static Command Tag()
    {
        var source = new Argument<string>("source");
        var target = new Argument<string>("target");
        var tag = new Command("tag", "Give an image in the local store another name") { source, target };
        tag.SetAction(async (parse, ct) =>
        {
            var store = Host.From(parse).Images;
            var image = await store.GetAsync(ImageReference.Parse(parse.GetValue(source)!), ct);
            await store.TagAsync(Cli.ParseImage(parse.GetValue(target)!), image.ManifestDigest, ct);
            return 0;
        });
        return tag;
    }

    static Command Rmi()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Remove even if a container uses the image" };
        var images = new Argument<string[]>("images") { Arity = ArgumentArity.OneOrMore };
        var rmi = new Command("rmi", "Remove image names from the local store") { force, images };
        rmi.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            var containers = await host.Containers.ListAsync(ct);
            foreach (var text in parse.GetValue(images)!)
            {
                var image = await host.Images.GetAsync(ImageReference.Parse(text), ct);
                var user = containers.FirstOrDefault(c => c.ImageId == image.Id.ToString());
                if (user is not null && !parse.GetValue(force))
                    throw new InvalidOperationException($"image {image.Name.Familiar} is used by container {user.Name} ({user.Id[..12]}): remove the container or use --force");
                await host.Images.UntagAsync(image.Name, ct);
                Console.WriteLine($"Untagged: {image.Name.Familiar}");
            }
            await host.PruneSnapshotsAsync(ct);
            return 0;
        });
        return rmi;
    }
}
