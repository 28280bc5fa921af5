# bash completion for mpopd(1)                                 -*- shell-script -*-
#
# Completes mpopd's options (those that need a value end in "="), --log's and --tls's
# keywords, file names for --log and the TLS files, and directories for --maildir.
# Installed as <prefix>/share/bash-completion/completions/mpopd; needs nothing from
# bash-completion.

_mpopd_options='--version --help --inetd --interface= --port= --log= --auth= --maildir=
  --idle-timeout= --max-sessions= --tls= --tls-cert-file= --tls-key-file='

# Completes the value $2 of option $1; every reply gets prefix $3.
_mpopd_value() {
    local IFS=$'\n' name word
    COMPREPLY=()
    case $1 in
        --log)
            for word in none syslog; do
                [[ $word == "$2"* ]] && COMPREPLY+=("$3$word")
            done
            for name in $(compgen -f -- "$2"); do
                [[ -d $name ]] && name+=/
                COMPREPLY+=("$3$name")
            done ;;
        --maildir)
            for name in $(compgen -d -- "$2"); do
                COMPREPLY+=("$3$name/")
            done ;;
        --tls-cert-file|--tls-key-file)
            for name in $(compgen -f -- "$2"); do
                [[ -d $name ]] && name+=/
                COMPREPLY+=("$3$name")
            done ;;
        --tls)
            for word in starttls implicit; do
                [[ $word == "$2"* ]] && COMPREPLY+=("$3$word")
            done ;;
        --interface)
            for word in 127.0.0.1 ::1; do
                [[ $word == "$2"* ]] && COMPREPLY+=("$3$word")
            done ;;
    esac
    compopt -o nospace 2>/dev/null
}

_mpopd() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if [[ $cur == --*=* ]]; then
        _mpopd_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}="
    elif [[ $cur == = && $prev == --* ]]; then
        _mpopd_value "$prev" "" ""
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        _mpopd_value "${COMP_WORDS[COMP_CWORD-2]}" "$cur" ""
    elif [[ $prev == --@(log|maildir|interface|tls|tls-cert-file|tls-key-file) ]]; then
        _mpopd_value "$prev" "$cur" ""
    else
        local word
        for word in $_mpopd_options; do
            [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
        done
        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _mpopd mpopd
