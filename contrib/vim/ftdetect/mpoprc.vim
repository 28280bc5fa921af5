" Recognise mpop configuration files: ~/.mpoprc, $XDG_CONFIG_HOME/mpop/config (usually
" ~/.config/mpop/config) and the example file shipped with mpop.
autocmd BufNewFile,BufRead .mpoprc,*/.mpoprc,mpoprc,*/mpop/config setfiletype mpoprc
