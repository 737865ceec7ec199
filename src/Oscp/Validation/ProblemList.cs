namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Collects <c>path: reason</c> problems, each once, and hands them out ordered by path (the body itself
/// first, array indexes compared as numbers) so that the problems of one block read together.
/// </summary>
internal sealed class ProblemList
{
    private readonly List<(string Path, string Reason)> _problems = [];
    private readonly HashSet<(string, string)> _seen = [];

    public int Count => _problems.Count;

    public void Add(string path, string reason)
    {
        if (_seen.Add((path, reason)))
        {
            _problems.Add((path, reason));
        }
    }

    public ValidationResult ToResult() =>
        _problems.Count == 0
            ? ValidationResult.Valid
            : new ValidationResult(_problems
                .OrderBy(p => p.Path, PathComparer.Instance) // OrderBy is stable: one path's reasons keep the order found
                .Select(p => $"{p.Path}: {p.Reason}")
                .ToArray());
}
