<?php
namespace Koppel;

/**
 * The queue in the shop's database, table `<prefix>koppel_queue`. $db is OpenCart's database
 * object (query, escape, getLastId); the statements other than createTable() are plain SQL.
 */
final class DbQueueStorage implements QueueStorage
{
    private $db;
    private $table;

    public function __construct($db, $prefix)
    {
        $this->db = $db;
        $this->table = '`' . $prefix . 'koppel_queue`';
    }

    /** MySQL (OpenCart's database). Bodies are ASCII JSON, so the table's charset does not matter. */
    public function createTable()
    {
        $this->db->query('CREATE TABLE IF NOT EXISTS ' . $this->table . ' (
            `queue_id` INT(11) NOT NULL AUTO_INCREMENT,
            `kind` VARCHAR(16) NOT NULL,
            `reference` VARCHAR(64) NOT NULL DEFAULT \'\',
            `method` VARCHAR(8) NOT NULL,
            `path` VARCHAR(255) NOT NULL,
            `body` MEDIUMTEXT NOT NULL,
            `status` VARCHAR(16) NOT NULL DEFAULT \'pending\',
            `attempts` INT(11) NOT NULL DEFAULT 0,
            `last_attempt` INT(11) NOT NULL DEFAULT 0,
            `http_status` INT(11) NOT NULL DEFAULT 0,
            `message` VARCHAR(1024) NOT NULL DEFAULT \'\',
            `date_added` DATETIME NOT NULL,
            `date_modified` DATETIME NOT NULL,
            PRIMARY KEY (`queue_id`),
            KEY `status` (`status`, `queue_id`)
        ) ENGINE=InnoDB');
    }

    public function dropTable()
    {
        $this->db->query('DROP TABLE IF EXISTS ' . $this->table);
    }

    public function add($kind, $reference, $method, $path, $body)
    {
        $now = $this->now();

        $this->db->query('INSERT INTO ' . $this->table
            . ' (`kind`, `reference`, `method`, `path`, `body`, `status`, `attempts`, `last_attempt`, `http_status`, `message`, `date_added`, `date_modified`)'
            . ' VALUES (' . $this->quote($kind) . ', ' . $this->quote(Text::ascii($reference, 64)) . ', ' . $this->quote($method) . ', '
            . $this->quote($path) . ', ' . $this->quote($body) . ", 'pending', 0, 0, 0, '', " . $this->quote($now) . ', ' . $this->quote($now) . ')');

        return (int)$this->db->getLastId();
    }

    public function pending($limit)
    {
        return $this->db->query('SELECT * FROM ' . $this->table . " WHERE `status` = 'pending' ORDER BY `queue_id` ASC LIMIT " . max(1, (int)$limit))->rows;
    }

    public function pendingBefore($kind, $reference, $queueId)
    {
        return (int)$this->db->query('SELECT COUNT(*) AS `total` FROM ' . $this->table . " WHERE `status` = 'pending' AND `kind` = "
            . $this->quote($kind) . ' AND `reference` = ' . $this->quote(Text::ascii($reference, 64)) . ' AND `queue_id` < ' . (int)$queueId)->row['total'];
    }

    public function failed($limit)
    {
        return $this->db->query('SELECT * FROM ' . $this->table . " WHERE `status` = 'failed' ORDER BY `queue_id` DESC LIMIT " . max(1, (int)$limit))->rows;
    }

    public function recordAttempt($queueId, $timestamp)
    {
        $this->db->query('UPDATE ' . $this->table . ' SET `attempts` = `attempts` + 1, `last_attempt` = ' . (int)$timestamp
            . ', `date_modified` = ' . $this->quote($this->now()) . ' WHERE `queue_id` = ' . (int)$queueId);
    }

    public function remove($queueId)
    {
        $this->db->query('DELETE FROM ' . $this->table . ' WHERE `queue_id` = ' . (int)$queueId);
    }

    public function markRetry($queueId, $httpStatus, $message)
    {
        $this->mark($queueId, 'pending', $httpStatus, $message);
    }

    public function markFailed($queueId, $httpStatus, $message)
    {
        $this->mark($queueId, 'failed', $httpStatus, $message);
    }

    public function requeueFailed()
    {
        $count = $this->counts();

        $this->db->query('UPDATE ' . $this->table . " SET `status` = 'pending', `date_modified` = " . $this->quote($this->now()) . " WHERE `status` = 'failed'");

        return $count['failed'];
    }

    public function counts()
    {
        $counts = array('pending' => 0, 'failed' => 0);

        foreach ($this->db->query('SELECT `status`, COUNT(*) AS `total` FROM ' . $this->table . ' GROUP BY `status`')->rows as $row) {
            $counts[$row['status']] = (int)$row['total'];
        }

        return $counts;
    }

    private function mark($queueId, $status, $httpStatus, $message)
    {
        $this->db->query('UPDATE ' . $this->table . ' SET `status` = ' . $this->quote($status) . ', `http_status` = ' . (int)$httpStatus
            . ', `message` = ' . $this->quote(Text::ascii($message, 1000)) . ', `date_modified` = ' . $this->quote($this->now())
            . ' WHERE `queue_id` = ' . (int)$queueId);
    }

    private function quote($value)
    {
        return "'" . $this->db->escape((string)$value) . "'";
    }

    private function now()
    {
        return date('Y-m-d H:i:s');
    }
}
