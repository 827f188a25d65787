<?php
namespace Koppel;

/**
 * Where pushes wait until koppel accepted them. A row: queue_id, kind, reference, method, path,
 * body, status (`pending` or `failed`), attempts, last_attempt (unix time of the last signature),
 * http_status, message, date_added, date_modified. Accepted pushes are deleted.
 */
interface QueueStorage
{
    /** @return int the new row's queue_id */
    public function add($kind, $reference, $method, $path, $body);

    /** Pending rows, oldest first. */
    public function pending($limit);

    /** How many pending rows of this kind and reference are older than $queueId. */
    public function pendingBefore($kind, $reference, $queueId);

    /** Failed rows (refused for good), newest first. */
    public function failed($limit);

    /** Notes an attempt before it is sent: the timestamp it is signed with. */
    public function recordAttempt($queueId, $timestamp);

    /** koppel accepted it. */
    public function remove($queueId);

    /** Keep it pending, with the reason of the last failure. */
    public function markRetry($queueId, $httpStatus, $message);

    /** koppel refused it for good; kept for the shop owner to see. */
    public function markFailed($queueId, $httpStatus, $message);

    /** Failed rows back to pending; returns how many. */
    public function requeueFailed();

    /** @return array ['pending' => int, 'failed' => int] */
    public function counts();
}
