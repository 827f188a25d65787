import Hummingbird
import NIOCore

/// The request context of every sandbox: it keeps the connection's channel so a fault can close it unanswered.
public struct SandboxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
