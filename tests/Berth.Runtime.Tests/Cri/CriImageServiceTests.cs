// The image side of CRI as the kubelet uses it: pull with a pull secret from a registry on loopback (Berth's own,
// hosted in the test with htpasswd auth), then status by tag, ID and repo digest, list, file system usage, remove.
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Distribution;
using Berth.Oci;
using Berth.Registry;
using Berth.Runtime.Cri;
using Berth.Runtime.Images;
using Berth.Runtime.Tests.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Runtime.Tests.Cri;

public sealed class CriImageServiceTests : IAsyncLifetime
{
    const string User = "kubelet";
    const string Password = "pull-secret";

    readonly string _directory = Directory.CreateTempSubdirectory("berth-cri-images-").FullName;
    WebApplication? _registry;
    string _image = "";
    IImageService _images = null!;

    public async Task InitializeAsync()
    {
        var htpasswd = Path.Combine(_directory, "htpasswd");
        await File.WriteAllTextAsync(htpasswd, await HostTool.RunAsync("htpasswd", "-nbB", "-C", "4", User, Password));
        _registry = RegistryServer.Build(new RegistryOptions { Listen = "127.0.0.1:0", Root = Path.Combine(_directory, "registry"), Htpasswd = htpasswd });
        await _registry.StartAsync();
        var address = new Uri(_registry.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Authority;
        _image = $"{address}/test/busybox:1";

        // Another node's store builds and pushes the image, so this node's store starts empty.
        var source = new ImageStore(Path.Combine(_directory, "source"));
        var local = ImageReference.Parse("localhost/source/busybox:1");
        await RootfsImporter.ImportAsync(source, BusyboxRootfs.Create(Directory.CreateDirectory(Path.Combine(_directory, "rootfs")).FullName), local, CancellationToken.None);
        var credentials = new RegistryClientOptions { Credentials = _ => new RegistryCredentials(User, Password) };
        await new ImageTransfer(source, credentials).PushAsync(local, ImageReference.Parse(_image), null, CancellationToken.None);

        var data = Path.Combine(_directory, "node");
        _images = new CriImageService(data, new ImageStore(data), new RegistryClientOptions());
    }

    [Fact]
    public async Task PullImage_with_the_pull_secret_returns_the_image_id_which_status_and_list_report_by_tag_id_and_digest()
    {
        await Assert.ThrowsAsync<CriException>(() => Pull(null));
        var auth = new AuthConfig { Auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")) };

        var imageRef = (await Pull(auth)).ImageRef;

        Assert.StartsWith("sha256:", imageRef);
        var byTag = await StatusAsync(_image);
        Assert.Equal(imageRef, byTag!.Id);
        Assert.Equal([_image], byTag.RepoTags);
        var repoDigest = Assert.Single(byTag.RepoDigests);
        Assert.StartsWith(_image[..^2] + "@sha256:", repoDigest);
        Assert.True(byTag.Size > 0);
        Assert.Equal(imageRef, (await StatusAsync(imageRef))!.Id);
        Assert.Equal(imageRef, (await StatusAsync(imageRef["sha256:".Length..]))!.Id);
        Assert.Equal(imageRef, (await StatusAsync(repoDigest))!.Id);
        var listed = await _images.ListImagesAsync(new ListImagesRequest(), CancellationToken.None);
        Assert.Equal([imageRef], listed.Images.Select(i => i.Id));
        var usage = Assert.Single((await _images.ImageFsInfoAsync(new ImageFsInfoRequest(), CancellationToken.None)).ImageFilesystems);
        Assert.True(usage.UsedBytes.Value >= byTag.Size, $"{usage.UsedBytes.Value} < {byTag.Size}");
        Assert.True(usage.InodesUsed.Value > 0);
    }

    [Fact]
    public async Task An_absent_image_has_an_empty_status_and_removing_it_twice_succeeds()
    {
        await Pull(new AuthConfig { Username = User, Password = Password });

        await _images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = _image } }, CancellationToken.None);
        await _images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = _image } }, CancellationToken.None);

        Assert.Null(await StatusAsync(_image));
        Assert.Null(await StatusAsync("localhost/never/pulled:1"));
        Assert.Empty((await _images.ListImagesAsync(new ListImagesRequest(), CancellationToken.None)).Images);
    }

    [Fact]
    public async Task A_malformed_reference_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<CriException>(() =>
            _images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = "Not A Reference" } }, CancellationToken.None));

        Assert.Equal(CriStatusCode.InvalidArgument, error.StatusCode);
    }

    Task<PullImageResponse> Pull(AuthConfig? auth) =>
        _images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = _image }, Auth = auth }, CancellationToken.None);

    async Task<Image?> StatusAsync(string image) =>
        (await _images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } }, CancellationToken.None)).Image;

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.StopAsync();
            await _registry.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
