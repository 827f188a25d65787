#ifndef KOPPEL_CFASTCGI_SHIM_H
#define KOPPEL_CFASTCGI_SHIM_H

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <signal.h>
#include <pthread.h>
#include <poll.h>
#include <errno.h>

/// FCGX_Request is an opaque-ish struct whose listen socket Swift cannot name portably.
static inline int koppel_fcgx_init_request(FCGX_Request *request, int listen_fd) {
    return FCGX_InitRequest(request, listen_fd, 0);
}

/// The connection a request came on, -1 when libfcgi closed it. fcgiapp.h lists `ipcFd` below
/// "Don't use anything below here": it is only read, to wait on a kept connection (below).
static inline int koppel_fcgx_connection(const FCGX_Request *request) {
    return request->ipcFd;
}

/// Waits until the kept connection `connection_fd` has a next request (or was closed by nginx:
/// libfcgi then accepts a new one) or until `wake_fd` is readable (the server stops).
/// Returns 1 for the connection, 0 for the wake-up, -1 on error.
static inline int koppel_wait_for_next_request(int connection_fd, int wake_fd) {
    struct pollfd fds[2] = {{connection_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    for (;;) {
        int ready = poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return -1;
        if (fds[1].revents) return 0;
        return 1;
    }
}

/// Closing the listening socket does not wake threads blocked in accept(); shutting it down does.
static inline int koppel_shutdown_listener(int fd) {
    return shutdown(fd, SHUT_RDWR);
}

/// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread (and every thread it starts later),
/// so that only the thread that waits for them with sigwait() sees the first two.
static inline int koppel_block_signals(void) {
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGPIPE);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/// Waits for SIGTERM or SIGINT and returns the signal number.
static inline int koppel_wait_for_termination(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) return -1;
    return signal_number;
}

#endif
