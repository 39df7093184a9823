// The kubelet's seam must cover the CRI exactly: every rpc of RuntimeService and ImageService in api.proto has one
// method on IRuntimeService or IImageService taking the rpc's request and returning its response, and nothing more.
using System.Reflection;
using Berth.Cri.V1;
using Google.Protobuf.Reflection;

namespace Berth.Cri.Tests;

public class ServiceSurfaceTests
{
    static readonly Dictionary<string, Type> InterfaceOfService = new()
    {
        ["runtime.v1.RuntimeService"] = typeof(IRuntimeService),
        ["runtime.v1.ImageService"] = typeof(IImageService),
    };

    [Fact]
    public void The_proto_declares_every_CRI_v1_rpc()
    {
        string[] expected =
        [
            "ImageService/ImageFsInfo", "ImageService/ImageStatus", "ImageService/ListImages", "ImageService/PullImage",
            "ImageService/RemoveImage",
            "RuntimeService/Attach", "RuntimeService/CheckpointContainer", "RuntimeService/ContainerStats",
            "RuntimeService/ContainerStatus", "RuntimeService/CreateContainer", "RuntimeService/Exec",
            "RuntimeService/ExecSync", "RuntimeService/GetContainerEvents", "RuntimeService/ListContainerStats",
            "RuntimeService/ListContainers", "RuntimeService/ListMetricDescriptors", "RuntimeService/ListPodSandbox",
            "RuntimeService/ListPodSandboxMetrics", "RuntimeService/ListPodSandboxStats", "RuntimeService/PodSandboxStats",
            "RuntimeService/PodSandboxStatus", "RuntimeService/PortForward", "RuntimeService/RemoveContainer",
            "RuntimeService/RemovePodSandbox", "RuntimeService/ReopenContainerLog", "RuntimeService/RunPodSandbox",
            "RuntimeService/RuntimeConfig", "RuntimeService/StartContainer", "RuntimeService/Status",
            "RuntimeService/StopContainer", "RuntimeService/StopPodSandbox", "RuntimeService/UpdateContainerResources",
            "RuntimeService/UpdateRuntimeConfig", "RuntimeService/Version",
        ];

        var declared = ApiReflection.Descriptor.Services
            .SelectMany(s => s.Methods, (s, m) => $"{s.Name}/{m.Name}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, declared);
    }

    [Fact]
    public void Only_GetContainerEvents_streams_and_only_from_the_server()
    {
        var streaming = ApiReflection.Descriptor.Services.SelectMany(s => s.Methods)
            .Where(m => m.IsServerStreaming || m.IsClientStreaming)
            .Select(m => (m.Name, m.IsServerStreaming, m.IsClientStreaming));

        Assert.Equal([("GetContainerEvents", true, false)], streaming);
    }

    [Fact]
    public void Every_rpc_has_an_interface_method_taking_its_request_and_returning_its_response()
    {
        var problems = new List<string>();
        foreach (var service in ApiReflection.Descriptor.Services)
        {
            var contract = InterfaceOfService[service.FullName];
            foreach (var rpc in service.Methods)
            {
                var method = contract.GetMethod(rpc.Name + "Async");
                if (method is null)
                    problems.Add($"{contract.Name} has no {rpc.Name}Async for rpc {service.Name}/{rpc.Name}");
                else if (Describe(method) != Expected(rpc))
                    problems.Add($"{contract.Name}.{method.Name} is {Describe(method)}, expected {Expected(rpc)}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_interfaces_have_no_method_without_an_rpc()
    {
        var rpcMethods = ApiReflection.Descriptor.Services
            .SelectMany(s => s.Methods, (s, m) => $"{InterfaceOfService[s.FullName].Name}.{m.Name}Async");
        var interfaceMethods = InterfaceOfService.Values
            .SelectMany(t => t.GetMethods(), (t, m) => $"{t.Name}.{m.Name}");

        Assert.Empty(interfaceMethods.Except(rpcMethods));
    }

    static string Expected(MethodDescriptor rpc)
    {
        var response = rpc.IsServerStreaming
            ? typeof(IAsyncEnumerable<>).MakeGenericType(rpc.OutputType.ClrType)
            : typeof(Task<>).MakeGenericType(rpc.OutputType.ClrType);
        return $"{Name(response)} ({Name(rpc.InputType.ClrType)}, {Name(typeof(CancellationToken))})";
    }

    static string Describe(MethodInfo method) =>
        $"{Name(method.ReturnType)} ({string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType)))})";

    static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.FullName ?? type.Name;
}
