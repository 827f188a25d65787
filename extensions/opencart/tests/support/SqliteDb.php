<?php
namespace Koppel\Tests;

/**
 * OpenCart's database object (query, escape, getLastId) over an in-memory SQLite database, so
 * the library's SQL runs for real in tests. Tables made by fill() have INTEGER id and order
 * columns (so they sort as in MySQL) and TEXT columns otherwise; every value comes back as a
 * string, as OpenCart's MySQL driver hands it to PHP.
 */
final class SqliteDb
{
    private $pdo;
    public $queries = array();

    public function __construct()
    {
        $this->pdo = new \PDO('sqlite::memory:');
        $this->pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
        $this->pdo->setAttribute(\PDO::ATTR_STRINGIFY_FETCHES, true);
    }

    public function query($sql)
    {
        $this->queries[] = $sql;
        $statement = $this->pdo->query($sql);

        if ($statement->columnCount() === 0) {
            return true;
        }

        $rows = $statement->fetchAll(\PDO::FETCH_ASSOC);
        $result = new \stdClass();
        $result->rows = $rows;
        $result->row = $rows ? $rows[0] : array();
        $result->num_rows = count($rows);

        return $result;
    }

    public function escape($value)
    {
        return str_replace("'", "''", (string)$value);
    }

    public function getLastId()
    {
        return (int)$this->pdo->lastInsertId();
    }

    /** Creates (if needed) a table with the rows' columns and inserts the rows. */
    public function fill($table, array $rows, array $extraColumns = array())
    {
        $columns = $extraColumns;

        foreach ($rows as $row) {
            $columns = array_merge($columns, array_keys($row));
        }

        $columns = array_values(array_unique($columns));
        $this->pdo->exec('CREATE TABLE IF NOT EXISTS `' . $table . '` (' . implode(', ', array_map(function ($column) {
            $numeric = preg_match('/(_id|^sort_order|^priority|^quantity)$/', $column);

            return '`' . $column . '` ' . ($numeric ? 'INTEGER' : 'TEXT');
        }, $columns)) . ')');

        foreach ($rows as $row) {
            $statement = $this->pdo->prepare('INSERT INTO `' . $table . '` (`' . implode('`, `', array_keys($row)) . '`) VALUES ('
                . implode(', ', array_fill(0, count($row), '?')) . ')');
            $statement->execute(array_values($row));
        }
    }

    /** The queue table as DbQueueStorage::createTable() makes it in MySQL. */
    public function createQueueTable($prefix)
    {
        $this->pdo->exec('CREATE TABLE `' . $prefix . 'koppel_queue` (
            `queue_id` INTEGER PRIMARY KEY AUTOINCREMENT,
            `kind` VARCHAR(16) NOT NULL,
            `reference` VARCHAR(64) NOT NULL DEFAULT \'\',
            `method` VARCHAR(8) NOT NULL,
            `path` VARCHAR(255) NOT NULL,
            `body` MEDIUMTEXT NOT NULL,
            `status` VARCHAR(16) NOT NULL DEFAULT \'pending\',
            `attempts` INT NOT NULL DEFAULT 0,
            `last_attempt` INT NOT NULL DEFAULT 0,
            `http_status` INT NOT NULL DEFAULT 0,
            `message` VARCHAR(1024) NOT NULL DEFAULT \'\',
            `date_added` DATETIME NOT NULL,
            `date_modified` DATETIME NOT NULL)');
    }
}
