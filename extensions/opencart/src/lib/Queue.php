<?php
namespace Koppel;

/**
 * Never lose a push: every push is stored before it is sent and removed once koppel accepted it.
 * Waiting pushes go out oldest first; a temporary failure (network, 5xx, 401, 408, 429) stops
 * the run and keeps the push for the next one; a refusal for good (any other 4xx) is kept as
 * `failed` with koppel's message and not sent again. Every attempt is signed anew with a
 * timestamp later than the previous attempt's, so a retry is never a replay.
 */
final class Queue
{
    /** Pushes per run of the cron, the catch-up route or the admin. */
    const CATCH_UP_BATCH = 100;

    private $storage;
    private $client;
    private $lockFile;

    /**
     * @param string|null $lockFile a writable file; while one run sends, others leave the
     *                              queue to it
     */
    public function __construct(QueueStorage $storage, Client $client, $lockFile = null)
    {
        $this->storage = $storage;
        $this->client = $client;
        $this->lockFile = $lockFile;
    }

    /** Stores a push, then sends what waits (oldest first), this push included if its turn comes. */
    public function push($kind, $reference, $path, $body, $limit = self::CATCH_UP_BATCH)
    {
        $queueId = $this->storage->add($kind, $reference, 'POST', $path, $body);

        return $this->flush($limit)->withQueueId($queueId);
    }

    /**
     * Stores a push and sends this one alone, once, whatever else waits: the run inside a
     * checkout or a payment webhook, which must not wait on koppel. What fails stays in the
     * queue for the cron, the catch-up route or the admin. It is not sent while an older push
     * with the same reference waits: koppel takes the content it receives last as the order's
     * newest, so the queue sends both, oldest first. No lock is taken: a queue run that sends
     * this push too sends the same content, which koppel answers `unchanged`.
     */
    public function pushAlone($kind, $reference, $path, $body)
    {
        $queueId = $this->storage->add($kind, $reference, 'POST', $path, $body);
        $result = (new FlushResult())->withQueueId($queueId);

        if (!$this->client->isConfigured()) {
            return $result->finish($this->storage->counts(), 'endpoint, license or API key not set');
        }

        if ($this->storage->pendingBefore($kind, $reference, $queueId) > 0) {
            return $result->finish($this->storage->counts(), 'an older push of ' . $reference . ' waits in the queue');
        }

        $error = $this->send($queueId, 'POST', $path, $body, 0, $result);

        return $result->finish($this->storage->counts(), $error);
    }

    /** Sends waiting pushes, oldest first, until one fails for a reason that may pass. */
    public function flush($limit = self::CATCH_UP_BATCH)
    {
        $result = new FlushResult();

        if (!$this->client->isConfigured()) {
            return $result->finish($this->storage->counts(), 'endpoint, license or API key not set');
        }

        $lock = $this->lock();

        if ($lock === false) {
            return $result->finish($this->storage->counts(), null, true);
        }

        $error = null;

        try {
            foreach ($this->storage->pending($limit) as $row) {
                $error = $this->send((int)$row['queue_id'], $row['method'], $row['path'], $row['body'], (int)$row['last_attempt'], $result);

                if ($error !== null) {
                    break;
                }
            }
        } finally {
            $this->unlock($lock);
        }

        return $result->finish($this->storage->counts(), $error);
    }

    /**
     * One attempt at one stored push, signed with a timestamp later than its last attempt's.
     *
     * @return string|null why it may succeed later; null when koppel accepted or refused it for good
     */
    private function send($queueId, $method, $path, $body, $lastAttempt, FlushResult $result)
    {
        $timestamp = max(time(), $lastAttempt + 1);

        $this->storage->recordAttempt($queueId, $timestamp);

        $response = $this->client->send($method, $path, $body, $timestamp);
        $result->record($queueId, $response);

        if ($response->isSuccess()) {
            $this->storage->remove($queueId);
        } elseif ($response->isPermanentFailure()) {
            $this->storage->markFailed($queueId, $response->status(), $response->message());
        } else {
            $this->storage->markRetry($queueId, $response->status(), $response->message());

            return $response->message();
        }

        return null;
    }

    /** @return resource|null|false a held lock, null without lock file, false when another run holds it */
    private function lock()
    {
        if (!$this->lockFile) {
            return null;
        }

        $handle = @fopen($this->lockFile, 'c');

        if (!$handle) {
            return null;
        }

        if (!flock($handle, LOCK_EX | LOCK_NB)) {
            fclose($handle);

            return false;
        }

        return $handle;
    }

    private function unlock($handle)
    {
        if ($handle) {
            flock($handle, LOCK_UN);
            fclose($handle);
        }
    }
}
