<?php
namespace Koppel;

/**
 * The outcome of one queue run.
 */
final class FlushResult
{
    private $responses = array();
    private $sent = 0;
    private $refused = 0;
    private $counts = array('pending' => 0, 'failed' => 0);
    private $error;
    private $busy = false;
    private $queueId = 0;

    public function record($queueId, HttpResponse $response)
    {
        $this->responses[(int)$queueId] = $response;

        if ($response->isSuccess()) {
            $this->sent++;
        } elseif ($response->isPermanentFailure()) {
            $this->refused++;
        }
    }

    public function finish(array $counts, $error = null, $busy = false)
    {
        $this->counts = array_merge($this->counts, $counts);
        $this->error = $error;
        $this->busy = (bool)$busy;

        return $this;
    }

    public function withQueueId($queueId)
    {
        $this->queueId = (int)$queueId;

        return $this;
    }

    /** The row push() added. */
    public function queueId()
    {
        return $this->queueId;
    }

    /** koppel's answer to a row sent in this run, or null when it was not sent. */
    public function response($queueId = null)
    {
        $queueId = $queueId === null ? $this->queueId : (int)$queueId;

        return isset($this->responses[$queueId]) ? $this->responses[$queueId] : null;
    }

    /** Accepted in this run. */
    public function sent()
    {
        return $this->sent;
    }

    /** Refused for good in this run. */
    public function refused()
    {
        return $this->refused;
    }

    /** Still waiting after this run. */
    public function pending()
    {
        return (int)$this->counts['pending'];
    }

    /** Refused for good, in all. */
    public function failed()
    {
        return (int)$this->counts['failed'];
    }

    /** Why the run stopped early, if it did. */
    public function error()
    {
        return $this->error;
    }

    /** Another run was sending; nothing was sent by this one. */
    public function busy()
    {
        return $this->busy;
    }

    public function toArray()
    {
        return array(
            'sent' => $this->sent,
            'refused' => $this->refused,
            'pending' => $this->pending(),
            'failed' => $this->failed(),
            'busy' => $this->busy,
            'error' => $this->error,
        );
    }
}
