namespace DotGym.Remote;

/// <summary>
/// A remote env could not be reached, stopped answering, refused the session or failed a request. The message names
/// the server, what was asked and what to do; a trainer that gets it stops with a checkpoint (see <c>dotgym train --remote</c>).
/// </summary>
public sealed class RemoteEnvException : IOException
{
    /// <summary>Creates the exception for the server at <paramref name="address"/>.</summary>
    public RemoteEnvException(string address, string message, Exception? inner = null) : base(message, inner) => Address = address;

    /// <summary>The server that failed (<c>http://HOST:PORT</c>).</summary>
    public string Address { get; }
}
