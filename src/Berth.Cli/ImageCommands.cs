// `berth images` and `berth image import-rootfs`: the local image store from the command line.
using System.CommandLine;
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Cli;

static class ImageCommands
{
    public static IEnumerable<Command> Create()
    {
        var source = new Argument<string>("source") { Description = "A root filesystem directory or tar file" };
        var name = new Argument<string>("name") { Description = "Image name with an explicit version, e.g. busybox:1.36.1" };
        var import = new Command("import-rootfs", "Make a one-layer image from a root filesystem, offline") { source, name };
        import.SetAction(async (parse, ct) =>
        {
            var reference = Cli.ParseImage(parse.GetValue(name)!);
            var digest = await RootfsImporter.ImportAsync(Host.From(parse).Images, parse.GetValue(source)!, reference, ct);
            Console.WriteLine($"{reference.Familiar} {digest}");
            return 0;
        });
        var prune = new Command("prune", "Release unpacked layers no image uses");
        prune.SetAction(async (parse, ct) =>
        {
            await Host.From(parse).PruneSnapshotsAsync(ct);
            return 0;
        });
        var image = new Command("image", "Manage images in the local store") { import, prune };

        var images = new Command("images", "List images in the local store");
        images.SetAction(async (parse, ct) =>
        {
            var rows = (await Host.From(parse).Images.ListAsync(ct))
                .Select(i => new[] { $"{i.Name.Registry}/{i.Name.Repository}".Replace("docker.io/library/", ""), i.Name.Tag ?? "<none>",
                    i.ManifestDigest.ToString()[..19], Cli.Size(i.Size), Cli.Ago(i.Created) });
            Cli.Table(["REPOSITORY", "TAG", "DIGEST", "SIZE", "CREATED"], rows);
            return 0;
        });
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout" };
        var names = new Argument<string[]>("images") { Arity = ArgumentArity.OneOrMore };
        var save = new Command("save", "Write images to a tar (OCI layout and docker-archive in one, for podman, skopeo, docker)") { output, names };
        save.SetAction(async (parse, ct) =>
        {
            var references = parse.GetValue(names)!.Select(ImageReference.Parse).ToList();
            var path = parse.GetValue(output);
            if (path is null && !Console.IsOutputRedirected) throw new InvalidOperationException("refusing to write a tar to a terminal: use -o FILE or redirect stdout");
            await using var stream = path is null ? Console.OpenStandardOutput() : File.Create(path);
            await new ImageArchive(Host.From(parse).Images).SaveAsync(references, stream, ct);
            return 0;
        });

        var input = new Option<string?>("--input", "-i") { Description = "Read from this file instead of stdin" };
        var load = new Command("load", "Load images from an OCI-layout or docker-archive tar") { input };
        load.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input);
            await using var stream = path is null ? Console.OpenStandardInput() : File.OpenRead(path);
            foreach (var loaded in await new ImageArchive(Host.From(parse).Images).LoadAsync(stream, ct))
                Console.WriteLine($"Loaded image: {loaded.Familiar}");
            return 0;
        });
        return [image, images, save, load];
    }
}
