<?php
declare(strict_types=1);

namespace Rollcall;

use FFI;

/**
 * Verifies and parses webhooks without storing anything (rollcall_verifier). Immutable.
 */
final class Verifier
{
    private ?FFI\CData $handle;

    public function __construct(array|string $config)
    {
        $ffi = Library::ffi();
        $text = is_string($config) ? $config : Tracker::configJson($config);
        $out = $ffi->new('rollcall_verifier*');
        Library::check($ffi->rollcall_verifier_new($text, FFI::addr($out)));
        $this->handle = $out;
    }

    public function __destruct()
    {
        if ($this->handle !== null) {
            Library::ffi()->rollcall_verifier_free($this->handle);
            $this->handle = null;
        }
    }

    /**
     * @param array<string,string|string[]>|string $headers header map or "Name: value" lines
     * @return array{event:string,events:array,ignored:array,notes:array,response:?string}
     */
    public function parse(string $platform, array|string $headers, string $body, ?string $requestUrl = null, ?int $nowMs = null): array
    {
        $ffi = Library::ffi();
        $block = Tracker::headerBlock($headers);
        $out = $ffi->new('char*');
        $len = $ffi->new('size_t');
        [$options, $keep] = Tracker::requestOptions($requestUrl, $nowMs);
        Library::check($ffi->rollcall_verifier_parse($this->handle, $platform, $block, strlen($block), $body, strlen($body),
            $options, FFI::addr($out), FFI::addr($len)));
        unset($keep);
        return json_decode(Library::take($out, $len), true, 512, JSON_THROW_ON_ERROR);
    }
}
