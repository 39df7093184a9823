// The berth executable: composes Berth's components into commands.
return 0;
