import CCurl
import Foundation

/// Sends messages over SMTP with libcurl, one message a call, over one easy handle. Not shared
/// between threads: each thread makes its own. Call `SMTPMailer.globalInit()` once in `main`
/// before any thread starts (the same libcurl call as `CurlHTTPClient.globalInit()`; once is enough).
public final class SMTPMailer {
    private let handle: UnsafeMutableRawPointer
    private let settings: SMTPSettings
    /// The settings' URL with the EHLO name as its path, which is where libcurl takes it from.
    private let url: String
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    public static func globalInit() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    public init(settings: SMTPSettings) throws(MailError) {
        url = try Self.transferURL(settings)
        guard settings.timeout > 0 else { throw .invalidSettings("the SMTP timeout must be at least 1 second") }
        guard settings.password == nil || settings.username != nil else {
            throw .invalidSettings("an SMTP password needs a username")
        }
        guard !settings.sendsCredentialsInTheClear else {
            throw .invalidSettings(
                "SMTP credentials are never sent without TLS: with a user name or password, STARTTLS must be required "
                    + "or the URL smtps://")
        }
        guard let handle = curl_easy_init() else { throw .setup("curl_easy_init failed") }
        self.handle = handle
        self.settings = settings
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Hands the message to the server for every address in `to`; returns once the server has
    /// accepted it. A recipient the server refuses fails the whole message.
    public func send(_ message: MailMessage) throws(MailError) {
        guard !message.to.isEmpty else { throw .invalidMessage("a message needs at least one recipient") }
        let upload = UploadSource(MIMEWriter().render(message))
        let transcript = SMTPTranscript()
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipients) }
        for recipient in message.to {
            recipients = curl_slist_append(recipients, "<\(recipient.address)>")
        }

        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try configure(from: message.from, recipients: recipients)
        try configureUpload(upload)
        try configureTranscript(transcript)

        let code = withExtendedLifetime((upload, transcript)) { curl_easy_perform(handle) }
        guard code != CURLE_OK else { return }
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        throw .smtp(code, detail: detail, transcript: transcript, secret: settings.password)
    }

    private func configure(from sender: MailAddress, recipients: UnsafeMutablePointer<curl_slist>?) throws(MailError) {
        try set(CURLOPT_URL, url)
        // Signals must not be used for timeouts in a threaded program.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try set(CURLOPT_CONNECTTIMEOUT, min(settings.timeout, 30))
        try set(CURLOPT_TIMEOUT, settings.timeout)
        // One message a run: a kept connection would only idle until the server drops it.
        try set(CURLOPT_FORBID_REUSE, 1)
        try check(koppel_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))

        try set(CURLOPT_USE_SSL, Self.useSSL(settings.effectiveSecurity))
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = settings.caFile { try set(CURLOPT_CAINFO, caFile) }
        if let username = settings.username { try set(CURLOPT_USERNAME, username) }
        if let password = settings.password { try set(CURLOPT_PASSWORD, password) }

        try set(CURLOPT_MAIL_FROM, "<\(sender.address)>")
        try check(koppel_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
    }

    private func configureUpload(_ upload: UploadSource) throws(MailError) {
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE, upload.bytes.count)
        try check(
            koppel_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, user in
                let upload = Unmanaged<UploadSource>.fromOpaque(user!).takeUnretainedValue()
                return upload.read(into: buffer!, capacity: size * count)
            })
        try check(koppel_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()))
    }

    /// Commands and replies go to the transcript (nothing is printed), so errors can name them.
    private func configureTranscript(_ transcript: SMTPTranscript) throws(MailError) {
        try set(CURLOPT_VERBOSE, 1)
        try check(
            koppel_curl_setopt_debug_callback(handle, CURLOPT_DEBUGFUNCTION) { _, type, data, size, user in
                guard let data, let user, type == CURLINFO_HEADER_OUT || type == CURLINFO_HEADER_IN else { return 0 }
                let transcript = Unmanaged<SMTPTranscript>.fromOpaque(user).takeUnretainedValue()
                let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
                if type == CURLINFO_HEADER_OUT { transcript.sent(text) } else { transcript.received(text) }
                return 0
            })
        try check(
            koppel_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque()))
    }

    private static func useSSL(_ security: SMTPSettings.Security) -> Int {
        switch security {
        case .startTLSWhenOffered: Int(CURLUSESSL_TRY.rawValue)
        case .startTLSRequired: Int(CURLUSESSL_ALL.rawValue)
        case .none: Int(CURLUSESSL_NONE.rawValue)
        }
    }

    /// Checks the URL (the message never repeats it: a URL may hold a password) and adds the EHLO name.
    private static func transferURL(_ settings: SMTPSettings) throws(MailError) -> String {
        guard let parts = URLComponents(string: settings.url), let scheme = parts.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = parts.host, !host.isEmpty
        else { throw .invalidSettings("the SMTP URL must look like smtp://host:port or smtps://host:port") }
        guard parts.user == nil, parts.password == nil else {
            throw .invalidSettings("the SMTP URL must not hold credentials; set username and password instead")
        }
        guard parts.path.isEmpty || parts.path == "/", parts.query == nil, parts.fragment == nil else {
            throw .invalidSettings("the SMTP URL must not have a path; set heloName for the EHLO name")
        }
        let base = settings.url.hasSuffix("/") ? String(settings.url.dropLast()) : settings.url
        guard let heloName = settings.heloName else { return base }
        let hostnameCharacters = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        guard !heloName.isEmpty, heloName.unicodeScalars.allSatisfy(hostnameCharacters.contains) else {
            throw .invalidSettings("the EHLO name must be a host name (letters, digits, dots and hyphens)")
        }
        return base + "/" + heloName
    }

    private func set(_ option: CURLoption, _ value: String) throws(MailError) {
        try check(koppel_curl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(MailError) {
        try check(koppel_curl_setopt_long(handle, option, value))
    }

    private func check(_ code: CURLcode) throws(MailError) {
        guard code == CURLE_OK else { throw .setup(String(cString: curl_easy_strerror(code))) }
    }
}

/// The rendered message, handed to libcurl piece by piece as it asks.
private final class UploadSource {
    let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        bytes = [UInt8](data)
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
