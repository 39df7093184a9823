// The local stores a daemonless command works on, from --data-dir and --run-dir.
using System.CommandLine;
using Berth.Runtime.Containers;
using Berth.Runtime.Images;

namespace Berth.Cli;

sealed record Host(ImageStore Images, ContainerManager Containers)
{
    public static Host From(ParseResult parse)
    {
        var data = parse.GetValue(CommonOptions.DataDir)!;
        var run = parse.GetValue(CommonOptions.RunDir)!;
        var images = new ImageStore(data);
        return new Host(images, new ContainerManager(data, run, images));
    }
}
