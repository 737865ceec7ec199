using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// A journal body as a row keeps it: a short body as text in <c>Body</c>, readable in any table browser; a longer one
/// (a 96-block forecast is ~11 KB) gzip-compressed in <c>BodyGzip</c>, about a sixth of its size, which is most of what a
/// forecast costs the storage account (every body is written twice: its day's row and its site's). Rows written before
/// the compressed column existed keep their <c>Body</c> and read as they did.
/// </summary>
internal readonly struct StoredBody
{
    /// <summary>Bodies of at most this many bytes stay plain text (compressing them would save little).</summary>
    public const int PlainUpTo = 1024;

    /// <summary>The plain text column.</summary>
    public const string TextColumn = "Body";

    /// <summary>The compressed column (gzip of the UTF-8 text).</summary>
    public const string GzipColumn = "BodyGzip";

    private readonly string? text;
    private readonly byte[]? gzip;

    private StoredBody(string? text, byte[]? gzip)
    {
        this.text = text;
        this.gzip = gzip;
    }

    /// <summary>The stored form of the body's text, <paramref name="utf8"/>.</summary>
    public static StoredBody Of(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= PlainUpTo) return new StoredBody(Encoding.UTF8.GetString(utf8), null);
        using var compressed = new MemoryStream(utf8.Length / 4);
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(utf8);
        }

        return new StoredBody(null, compressed.ToArray());
    }

    /// <summary>Sets the body's column of <paramref name="row"/>.</summary>
    public void WriteTo(TableEntity row)
    {
        if (gzip is not null) row[GzipColumn] = gzip;
        else row[TextColumn] = text ?? "";
    }

    /// <summary>The body's text, from whichever column <paramref name="row"/> has; an unreadable compressed body says so.</summary>
    public static string Read(TableEntity row)
    {
        if (row.GetBinary(GzipColumn) is not { } gzip) return row.GetString(TextColumn) ?? "";
        try
        {
            using var zip = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
            using var reader = new StreamReader(zip, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException)
        {
            return $"[unreadable: {GzipColumn} is not gzip]";
        }
    }
}
