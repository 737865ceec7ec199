using System.Text;

namespace OscpFleet.Cli;

/// <summary>
/// A write-only stream onto a <see cref="TextWriter"/> (stdout, or a test's captured writer): the export's UTF-8 bytes are
/// decoded as they arrive (a character split across two reads is kept for the next) and written through.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => writer.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => writer.Write(Decode(buffer.AsSpan(offset, count)));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        await writer.WriteAsync(Decode(buffer.Span).AsMemory(), cancellationToken);

    private char[] Decode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush: false)];
        decoder.GetChars(bytes, chars, flush: false);
        return chars;
    }

    public override async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await base.DisposeAsync();
    }
}
