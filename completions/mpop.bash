# bash completion for mpop(1)                                  -*- shell-script -*-
#
# Completes options (those that need a value end in "=" and the cursor stays right after
# it), the values of options with a fixed set of values (--tls=on|off, --auth=METHOD,
# --delivery=maildir,DIR ...), file names where a file is wanted, and account names read
# from the configuration file: the one given with -C/--file on the same line, else
# ~/.mpoprc, else $XDG_CONFIG_HOME/mpop/config (as mpop itself chooses).
#
# Installed as <prefix>/share/bash-completion/completions/mpop, where bash-completion
# finds it; or source it from ~/.bashrc. It needs nothing from bash-completion.

# Options without a value, or whose value must be attached (--keep=off): offered bare.
_mpop_flag_options='--version --help --pretend --debug --serverinfo --mda --authorize
  --received-header --auth --tls --tls-starttls --tls-certcheck --tls-force-sslv3
  --quiet --half-quiet --all-accounts --auth-only --status-only --only-new --keep
  --accept-new --mark-seen --dry-run --json --syslog --poll'
# Options that need a value: offered with "=".
_mpop_value_options='--configure= --file= --host= --port= --source-ip= --proxy-host=
  --proxy-port= --socket= --timeout= --pipelining= --user= --passwordeval=
  --tls-trust-file= --tls-crl-file= --tls-fingerprint= --tls-key-file= --tls-cert-file=
  --tls-priorities= --tls-host-override= --tls-min-dh-prime-bits= --killsize= --skipsize=
  --filter= --delivery= --uidls-file= --command-timeout= --redownload-limit= --jobs=
  --import-uidls= --oauth2-issuer= --oauth2-client-id= --oauth2-scope= --oauth2-flow=
  --oauth2-trust-file= --metrics-file= --logfile= --poll-interval='
_mpop_short_options='-P -d -S -C -q -Q -a -A -s -n -k -j'
_mpop_auth_methods='on scram-sha-256-plus scram-sha-1-plus scram-sha-256 scram-sha-1
  user apop plain gssapi external oauthbearer cram-md5 digest-md5 login ntlm xoauth2'

# Prints the account names defined in configuration file $1 (or the default file), one
# per line, in file order.
_mpop_accounts() {
    local file=$1
    if [[ -z $file ]]; then
        file=$HOME/.mpoprc
        [[ -f $file ]] || file=${XDG_CONFIG_HOME:-$HOME/.config}/mpop/config
    fi
    [[ $file == "~/"* ]] && file=$HOME/${file#"~/"}
    [[ -r $file ]] || return 0
    local IFS=$' \t\n' command rest
    while read -r command rest || [[ -n $command ]]; do
        [[ $command == account ]] || continue
        rest=${rest%$'\r'}
        rest=${rest%%:*}
        rest=${rest%"${rest##*[![:space:]]}"}
        [[ $rest == \"*\" ]] && rest=${rest:1:${#rest}-2}
        [[ -n $rest ]] && printf '%s\n' "$rest"
    done < "$file"
}

# Sets COMPREPLY to the words of $1 that start with $2, each prefixed with $3.
_mpop_offer() {
    local IFS=$' \t\n' word
    COMPREPLY=()
    for word in $1; do
        [[ $word == "$2"* ]] && COMPREPLY+=("$3$word")
    done
}

# Sets COMPREPLY to file names starting with $2 (directories only if $1 is -d), each
# prefixed with $3.
_mpop_files() {
    local kind=-f
    [[ $1 == -d ]] && kind=-d
    local IFS=$'\n' name
    COMPREPLY=()
    for name in $(compgen $kind -- "$2"); do
        [[ -d $name ]] && name+=/
        COMPREPLY+=("$3$name")
    done
    compopt -o nospace 2>/dev/null
}

# Completes the value $2 of option $1; every reply gets prefix $3.
_mpop_value() {
    local option=$1 value=$2 prefix=$3
    case $option in
        --tls | --tls-starttls | --tls-certcheck | --received-header | --only-new | -n)
            _mpop_offer 'on off' "$value" "$prefix" ;;
        --keep | -k) _mpop_offer 'on off' "$value" "$prefix" ;;
        --pipelining) _mpop_offer 'auto on off' "$value" "$prefix" ;;
        --syslog)
            _mpop_offer 'on off LOG_USER LOG_MAIL LOG_DAEMON LOG_LOCAL0 LOG_LOCAL1 LOG_LOCAL2
              LOG_LOCAL3 LOG_LOCAL4 LOG_LOCAL5 LOG_LOCAL6 LOG_LOCAL7' "$value" "$prefix" ;;
        --metrics-file | --logfile) _mpop_files -f "$value" "$prefix" ;;
        --timeout | --killsize | --skipsize | --command-timeout | --redownload-limit)
            _mpop_offer 'off' "$value" "$prefix" ;;
        --auth) _mpop_offer "$_mpop_auth_methods" "$value" "$prefix" ;;
        --oauth2-issuer) _mpop_offer 'google microsoft https://' "$value" "$prefix" ;;
        --oauth2-flow) _mpop_offer 'device browser' "$value" "$prefix" ;;
        --delivery)
            if [[ $value == *,* ]]; then
                local method=${value%%,*}
                case $method in
                    maildir | exchange) _mpop_files -d "${value#*,}" "$prefix$method," ;;
                    mbox) _mpop_files -f "${value#*,}" "$prefix$method," ;;
                    *) COMPREPLY=() ;;
                esac
            else
                _mpop_offer 'mda, maildir, mbox, exchange,' "$value" "$prefix"
                compopt -o nospace 2>/dev/null
            fi ;;
        --tls-trust-file)
            _mpop_files -f "$value" "$prefix"
            [[ system == "$value"* ]] && COMPREPLY+=("${prefix}system") ;;
        --file | -C | --uidls-file | --tls-crl-file | --tls-key-file | --tls-cert-file | \
            --socket | --oauth2-trust-file | --import-uidls)
            _mpop_files -f "$value" "$prefix" ;;
        --passwordeval | --filter)
            local IFS=$'\n'
            COMPREPLY=($(compgen -P "$prefix" -c -- "$value")) ;;
        *) COMPREPLY=() ;;
    esac
}

_mpop() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()

    # The configuration file named on this line, if any.
    local i word config=
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        word=${COMP_WORDS[i]}
        ((i == COMP_CWORD)) && continue
        case $word in
            -C | --file)
                if [[ ${COMP_WORDS[i+1]} == = ]]; then
                    config=${COMP_WORDS[i+2]}
                else
                    config=${COMP_WORDS[i+1]}
                fi ;;
            --file=*) config=${word#--file=} ;;
            -C?*) config=${word#-C} ;;
        esac
    done

    # --option=value in one word ('=' not in COMP_WORDBREAKS): replies keep the option.
    if [[ $cur == --*=* ]]; then
        _mpop_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}="
        return 0
    fi
    # bash split --option=value at '=' (the default): complete the bare value.
    if [[ $cur == = && $prev == -* ]]; then
        _mpop_value "$prev" "" ""
        return 0
    fi
    if [[ $prev == = && $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-2]} == --* ]]; then
        _mpop_value "${COMP_WORDS[COMP_CWORD-2]}" "$cur" ""
        return 0
    fi
    # A required value given as the next word: -C FILE, --port 995.
    case $prev in
        -C | -j | --file | --configure | --host | --port | --source-ip | --proxy-host | \
            --proxy-port | --socket | --timeout | --pipelining | --user | --passwordeval | \
            --tls-trust-file | --tls-crl-file | --tls-fingerprint | --tls-key-file | \
            --tls-cert-file | --tls-priorities | --tls-host-override | \
            --tls-min-dh-prime-bits | --killsize | --skipsize | --filter | --delivery | \
            --uidls-file | --command-timeout | --redownload-limit | --jobs | --import-uidls | \
            --oauth2-issuer | --oauth2-client-id | --oauth2-scope | --oauth2-flow | \
            --oauth2-trust-file | --metrics-file | --logfile)
            _mpop_value "$prev" "$cur" ""
            return 0 ;;
    esac

    # Attached short values: -koff, -non.
    case $cur in
        -k?* | -n?*)
            _mpop_offer 'on off' "${cur:2}" "${cur:0:2}"
            return 0 ;;
    esac

    if [[ $cur == -* ]]; then
        local options="$_mpop_flag_options $_mpop_value_options"
        [[ $cur == - ]] && options="$_mpop_short_options $options"
        _mpop_offer "$options" "$cur" ""
        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return 0
    fi

    local IFS=$'\n' name
    for name in $(_mpop_accounts "$config"); do
        [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
    done
    return 0
}
complete -F _mpop mpop
