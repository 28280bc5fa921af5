" Vim syntax file
" Language:    mpop configuration file (~/.mpoprc, ~/.config/mpop/config); see mpop(1)
" Licence:     GPL-3.0-or-later
"
" A line is a comment (first non-blank character '#'), or a command followed by an
" argument that runs to the end of the line. Highlighted: the commands, the structure
" commands (defaults, account, eval), on/off and other keywords of fixed-value commands,
" delivery methods, authentication methods, %-placeholders, a quoted argument, sizes and
" durations; an unknown command at the start of a line is marked as an error.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match

" Anything at the start of a line that is not a known command. Later rules win.
syn match   mpoprcUnknown   "^\s*\zs\S\+" contains=NONE

syn match   mpoprcComment   "^\s*#.*$" contains=mpoprcTodo,@Spell
syn keyword mpoprcTodo      contained TODO FIXME XXX NOTE

" Structure.
syn match   mpoprcStructure "^\s*\zsdefaults\ze\s*$"
syn match   mpoprcStructure "^\s*\zsaccount\>" nextgroup=mpoprcAccountName skipwhite
syn match   mpoprcAccountName contained "[^:,[:space:]][^:,]*" nextgroup=mpoprcInherit skipwhite
syn match   mpoprcInherit   contained ":" nextgroup=mpoprcAccountList skipwhite
syn match   mpoprcAccountList contained ".*$" contains=mpoprcListComma
syn match   mpoprcListComma contained ","
syn match   mpoprcStructure "^\s*\zseval\>" nextgroup=mpoprcShell skipwhite

" Commands, with what may follow them.
syn match   mpoprcCommand   "^\s*\zs\%(host\|port\|source_ip\|proxy_host\|proxy_port\|socket\|user\|ntlmdomain\|tls_trust_file\|tls_crl_file\|tls_fingerprint\|tls_key_file\|tls_cert_file\|tls_priorities\|tls_host_override\|tls_min_dh_prime_bits\|uidls_file\)\>"
syn match   mpoprcCommand   "^\s*\zspassword\>" nextgroup=mpoprcSecret skipwhite
syn match   mpoprcCommand   "^\s*\zs\%(passwordeval\|filter\)\>" nextgroup=mpoprcShell skipwhite
syn match   mpoprcCommand   "^\s*\zs\%(tls\|tls_starttls\|tls_certcheck\|only_new\|received_header\)\>" nextgroup=mpoprcOnOff skipwhite
syn match   mpoprcCommand   "^\s*\zskeep\>" nextgroup=mpoprcOnOff,mpoprcDuration skipwhite
syn match   mpoprcCommand   "^\s*\zspipelining\>" nextgroup=mpoprcOnOff skipwhite
syn match   mpoprcCommand   "^\s*\zstimeout\>" nextgroup=mpoprcOnOff,mpoprcNumber skipwhite
syn match   mpoprcCommand   "^\s*\zs\%(killsize\|skipsize\)\>" nextgroup=mpoprcOnOff,mpoprcSize skipwhite
syn match   mpoprcCommand   "^\s*\zsauth\>" nextgroup=mpoprcOnOff,mpoprcAuthMethod skipwhite
syn match   mpoprcCommand   "^\s*\zsdelivery\>" nextgroup=mpoprcDelivery skipwhite
syn match   mpoprcDeprecated "^\s*\zstls_force_sslv3\>"

" Values.
syn match   mpoprcOnOff     contained "\<\%(on\|off\|auto\)\>\ze\s*$"
syn match   mpoprcNumber    contained "\<\d\+\>\ze\s*$"
syn match   mpoprcSize      contained "\<\d\+[km]\=\>\ze\s*$"
syn match   mpoprcDuration  contained "\%(\s*\d\+[dhms]\)\+\ze\s*$"
syn match   mpoprcAuthMethod contained "\<\%(scram-sha-256-plus\|scram-sha-1-plus\|scram-sha-256\|scram-sha-1\|user\|apop\|plain\|gssapi\|external\|oauthbearer\|cram-md5\|digest-md5\|login\|ntlm\|xoauth2\)\ze\s*$"
syn match   mpoprcDelivery  contained "\<\%(mda\|maildir\|mbox\|exchange\)\>" nextgroup=mpoprcShell skipwhite
syn match   mpoprcShell     contained ".*$" contains=mpoprcString,mpoprcPlaceholder
syn match   mpoprcSecret    contained ".*$"
syn region  mpoprcString    contained start=+"+ end=+"+ end=+$+ contains=mpoprcPlaceholder oneline
syn match   mpoprcPlaceholder "%[FSUH]"
syn keyword mpoprcSpecial   system

hi def link mpoprcUnknown     Error
hi def link mpoprcComment     Comment
hi def link mpoprcTodo        Todo
hi def link mpoprcStructure   Statement
hi def link mpoprcAccountName Identifier
hi def link mpoprcInherit     Delimiter
hi def link mpoprcListComma   Delimiter
hi def link mpoprcAccountList Identifier
hi def link mpoprcCommand     Keyword
hi def link mpoprcDeprecated  WarningMsg
hi def link mpoprcOnOff       Boolean
hi def link mpoprcNumber      Number
hi def link mpoprcSize        Number
hi def link mpoprcDuration    Number
hi def link mpoprcAuthMethod  Constant
hi def link mpoprcDelivery    Type
hi def link mpoprcString      String
hi def link mpoprcPlaceholder Special
hi def link mpoprcSecret      Underlined
hi def link mpoprcSpecial     Constant

let b:current_syntax = "mpoprc"

let &cpo = s:cpo_save
unlet s:cpo_save
