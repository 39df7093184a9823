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
        var image = new Command("image", "Manage images in the local store") { import };

        var images = new Command("images", "List images in the local store");
        images.SetAction(async (parse, ct) =>
        {
            var rows = (await Host.From(parse).Images.ListAsync(ct))
                .Select(i => new[] { $"{i.Name.Registry}/{i.Name.Repository}".Replace("docker.io/library/", ""), i.Name.Tag ?? "<none>",
                    i.ManifestDigest.ToString()[..19], Cli.Size(i.Size), Cli.Ago(i.Created) });
            Cli.Table(["REPOSITORY", "TAG", "DIGEST", "SIZE", "CREATED"], rows);
            return 0;
        });
        return [image, images];
    }
}
