namespace OscpFleet.Oscp.Journal;

/// <summary>The two directions of a journal entry, as they appear on the wire of the operator API.</summary>
public static class JournalDirections
{
    /// <summary>A CP called our endpoint.</summary>
    public const string In = "in";

    /// <summary>We called a CP.</summary>
    public const string Out = "out";

    /// <summary>True for <see cref="In"/> or <see cref="Out"/>.</summary>
    public static bool IsValid(string? value) => value is In or Out;
}
