namespace OscpFleet.Grains;

/// <summary>
/// Grain state could not be written: the request is not acknowledged (a write cut off mid-way may still land). The
/// gateway answers 503 so the caller retries; the grain deactivates so its next call starts from what is really stored.
/// </summary>
[GenerateSerializer, Alias("OscpFleet.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageUnavailableException() : base("grain state could not be stored") { }

    /// <summary>Creates the exception with a message.</summary>
    public StorageUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StorageUnavailableException(string message, Exception inner) : base(message, inner) { }
}
