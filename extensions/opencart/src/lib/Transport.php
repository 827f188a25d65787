<?php
namespace Koppel;

interface Transport
{
    /**
     * @param string   $method  GET or POST
     * @param string   $url     the full URL
     * @param string[] $headers `Name: value` lines
     * @param string   $body    the exact bytes to send ('' for none)
     *
     * @return HttpResponse
     */
    public function send($method, $url, array $headers, $body);
}
