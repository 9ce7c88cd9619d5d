/* Paths: the XDG base directories newsreader keeps its files in, and
 * expansion of paths written by the user (~ and paths relative to the
 * config file). */
#ifndef NR_PATH_H
#define NR_PATH_H

/* $XDG_CONFIG_HOME/newsreader/config.ini (default ~/.config/...); new string. */
char *nr_path_config_file(void);
/* $XDG_DATA_HOME/newsreader/newsreader.db (default ~/.local/share/...); new string. */
char *nr_path_data_file(void);
/* A new string: path with a leading ~ or ~/ expanded to $HOME, and, when
 * base_dir is not NULL, a relative path taken relative to base_dir. */
char *nr_path_expand(const char *path, const char *base_dir);
/* The directory part of path ("." if none); new string. */
char *nr_path_dirname(const char *path);
/* The last component of path, without a trailing slash; new string. */
char *nr_path_basename(const char *path);
/* The file path names once its symbolic links are followed, whether that
 * file exists or not (a link into nowhere names the file to create); path
 * itself if it is no link. A new string, or NULL with errno set (ELOOP for
 * a loop). */
char *nr_path_follow(const char *path);

#endif
