// Which stages a build needs and in what order (decision 7): FROM <stage>, COPY --from and RUN --mount from= lead
// back from the target; unreached stages are skipped, and the stages of one wave can be built in parallel.
using System.Globalization;

namespace Berth.Build;

public sealed class StageGraph
{
    readonly IReadOnlyList<StageDependency>[] dependencies;

    StageGraph(Stage target, IReadOnlyList<IReadOnlyList<Stage>> waves, IReadOnlyList<Stage> unused,
        IReadOnlyList<StageDependency>[] dependencies)
    {
        Target = target;
        Waves = waves;
        Order = waves.SelectMany(w => w).ToList();
        Unused = unused;
        this.dependencies = dependencies;
    }

    public Stage Target { get; }

    /// <summary>The stages the target needs, the target last, each after every stage it depends on.</summary>
    public IReadOnlyList<Stage> Order { get; }

    /// <summary>Order cut into waves: the stages of one wave are independent of each other.</summary>
    public IReadOnlyList<IReadOnlyList<Stage>> Waves { get; }

    /// <summary>Stages the target does not need; the builder skips them.</summary>
    public IReadOnlyList<Stage> Unused { get; }

    public IReadOnlyList<StageDependency> DependenciesOf(Stage stage) => dependencies[stage.Index];

    /// <summary>The graph for building <paramref name="target"/> (a stage name; the last stage when null). FROM lines
    /// are expanded with <paramref name="globalArgs"/> (see Dockerfile.ResolveGlobalArgs; its defaults when null); a
    /// name that is no stage is an image.</summary>
    public static StageGraph Resolve(Dockerfile dockerfile, string? target = null, IReadOnlyDictionary<string, string>? globalArgs = null)
    {
        var stages = dockerfile.Stages;
        var expander = new Expander(dockerfile.Directives.EscapeToken, globalArgs ?? dockerfile.ResolveGlobalArgs());
        var dependencies = stages.Select(s => DependenciesOf(s, stages, expander)).ToArray();
        var targetStage = target is null ? stages[^1] : FindTarget(stages, target);

        var levels = new int?[stages.Count];
        var visiting = new List<Stage>();
        Visit(targetStage, dependencies, levels, visiting);

        var waves = stages.Where(s => levels[s.Index] is not null)
            .GroupBy(s => levels[s.Index]!.Value)
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<Stage>)g.ToList())
            .ToList();
        var unused = stages.Where(s => levels[s.Index] is null).ToList();
        return new StageGraph(targetStage, waves, unused, dependencies);
    }

    // Depth-first from the target; a stage's wave is one past the latest wave of the stages it uses.
    static int Visit(Stage stage, IReadOnlyList<StageDependency>[] dependencies, int?[] levels, List<Stage> visiting)
    {
        if (levels[stage.Index] is { } known)
            return known;
        visiting.Add(stage);
        var level = 0;
        foreach (var dependency in dependencies[stage.Index])
        {
            if (dependency.Stage is not { } used)
                continue;
            if (dependency.Instruction is CopyInstruction && used.Index >= stage.Index)
                throw new DockerfileException(dependency.Instruction.Location,
                    $"cannot copy from stage \"{used.DisplayName}\", it needs to be defined before current stage \"{stage.DisplayName}\"");
            if (visiting.Contains(used))
            {
                var cycle = visiting.Skip(visiting.IndexOf(used)).Append(used).Select(s => s.DisplayName);
                throw new DockerfileException(dependency.Instruction.Location,
                    $"circular dependency detected on stage \"{used.DisplayName}\" ({string.Join(" -> ", cycle)}): a stage cannot use a stage that uses it");
            }
            level = Math.Max(level, Visit(used, dependencies, levels, visiting) + 1);
        }
        visiting.RemoveAt(visiting.Count - 1);
        levels[stage.Index] = level;
        return level;
    }

    static List<StageDependency> DependenciesOf(Stage stage, IReadOnlyList<Stage> stages, Expander expander)
    {
        var found = new List<StageDependency>();
        // FROM sees only the stages above it; a later stage of the same name is an image as far as it knows.
        var baseImage = expander.Expand(stage.From).BaseImage;
        if (ByName(stages.Take(stage.Index), baseImage) is { } baseStage)
            found.Add(new StageDependency(stage.From, baseStage, null));
        else if (baseImage != "scratch")
            found.Add(new StageDependency(stage.From, null, baseImage));
        foreach (var instruction in stage.Instructions)
        {
            // --from is a literal (CopyInstruction refuses variables there), so it needs no expanding.
            if (instruction is CopyInstruction { From: { } from } copy)
                found.Add(CopySource(copy, from, stages));
            if (instruction is RunInstruction run)
            {
                foreach (var name in run.Mounts.Select(m => m.From).OfType<string>())
                {
                    // A mount's from= is a stage name or an image; unlike COPY --from it is never a stage number.
                    var used = ByName(stages, name);
                    found.Add(new StageDependency(run, used, used is null ? name : null));
                }
            }
        }
        return found;
    }

    // COPY --from takes a stage name, a stage number, or an image reference.
    static StageDependency CopySource(CopyInstruction copy, string from, IReadOnlyList<Stage> stages)
    {
        if (int.TryParse(from, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return index >= 0 && index < stages.Count
                ? new StageDependency(copy, stages[index], null)
                : throw new DockerfileException(copy.Location,
                    $"invalid stage index {index}: this Dockerfile has stages 0 to {stages.Count - 1}");
        }
        return ByName(stages, from) is { } stage ? new StageDependency(copy, stage, null) : new StageDependency(copy, null, from);
    }

    // Stage names are case-insensitive; with duplicates, the last one defined wins.
    static Stage? ByName(IEnumerable<Stage> stages, string name) =>
        stages.LastOrDefault(s => s.Name is not null && s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    static Stage FindTarget(IReadOnlyList<Stage> stages, string target)
    {
        if (ByName(stages, target) is { } stage)
            return stage;
        var names = stages.Where(s => s.Name is not null).Select(s => s.Name!).ToList();
        var known = names.Count == 0
            ? "no stage has a name; add AS NAME to a FROM to target it"
            : $"stages: {string.Join(", ", names)}";
        throw new ArgumentException($"target stage \"{target}\" could not be found{Suggest.DidYouMean(target, names)} ({known})", nameof(target));
    }
}
